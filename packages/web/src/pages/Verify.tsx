import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, must, type Schemas } from "../api/client";
import { ErrorNote } from "../components/Notice";
import { formatCredits, formatDate, formatInstant, formatTerm } from "../format";
import { localeOf } from "../i18n";
import { CheckList } from "../components/CheckList";
import { BadgeResult } from "./BadgeResult";
import { ShareCredential } from "./ShareCredential";

type Verification = Schemas["CredentialVerification"];

/** A share link carries the credential in the fragment (never sent to any server but ours, by the page). */
function credentialFromLink(): unknown {
  const m = /[#&]c=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (!m) return undefined;
  const base64 = m[1].replaceAll("-", "+").replaceAll("_", "/");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** An Open Badges credential rather than an Alliance credential file: its type says so. */
const isOpenBadge = (json: unknown) =>
  typeof json === "object" && json !== null && Array.isArray((json as { type?: unknown }).type)
    ? (json as { type: unknown[] }).type.includes("OpenBadgeCredential")
    : false;

/** A share link's token (`/verify?share=…`): the gateway keeps that credential until the link expires. */
const shareTokenOf = () => new URLSearchParams(window.location.search).get("share") ?? undefined;

/** The public verifier: no account; every check in plain words. */
export function Verify() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const [fileName, setFileName] = useState<string>();
  const [dragging, setDragging] = useState(false);
  // Where the credential came from: only its holder's own file (or fragment link) is offered for sharing.
  const [source, setSource] = useState<"file" | "share">();
  const verify = useMutation({
    mutationFn: async (credential: unknown) =>
      must(api.POST("/credentials/verify", { body: credential as Record<string, never> })),
  });
  // A signed Open Badges credential (the export that travels) is checked as a standard verifier would.
  const verifyBadge = useMutation({
    mutationFn: async (badge: unknown) =>
      must(api.POST("/credentials/verify-badge", { body: badge as Record<string, never> })),
  });
  const [readError, setReadError] = useState<unknown>();
  const [shareToken] = useState(shareTokenOf);
  const shared = useQuery({
    queryKey: ["share", shareToken],
    enabled: shareToken !== undefined,
    queryFn: () => must(api.GET("/shares/{token}", { params: { path: { token: shareToken ?? "" } } })),
    staleTime: Number.POSITIVE_INFINITY,
  });

  // A shared credential is verified exactly as a dropped file, once it has arrived.
  // biome-ignore lint/correctness/useExhaustiveDependencies: verified once per share
  useEffect(() => {
    if (!shared.data) return;
    setSource("share");
    setFileName(t("verify.fromLink"));
    verify.mutate(shared.data.credential);
  }, [shared.data]);

  const open = async (file: File) => {
    setFileName(file.name);
    setSource("file");
    setReadError(undefined);
    try {
      const json = JSON.parse(await file.text());
      verify.reset();
      verifyBadge.reset();
      if (isOpenBadge(json)) verifyBadge.mutate(json);
      else verify.mutate(json);
    } catch {
      verify.reset();
      verifyBadge.reset();
      setReadError(new ApiError(400, "not_json", "not JSON"));
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: a share link is read once, when the page opens
  useEffect(() => {
    try {
      const linked = credentialFromLink();
      if (linked) {
        setSource("file");
        setFileName(t("verify.fromLink"));
        verify.mutate(linked);
      }
    } catch {
      setReadError(new ApiError(400, "bad_share_link", "bad link"));
    }
  }, []);

  return (
    <section>
      <h1>{t("verify.title")}</h1>
      <p className="lead">{t("verify.lead")}</p>
      <label
        className={`dropzone${dragging ? " dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file) void open(file);
        }}
      >
        <span>{t("verify.drop")}</span>
        <input
          type="file"
          accept=".json,application/json"
          aria-label={t("verify.choose")}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void open(file);
            e.target.value = "";
          }}
        />
      </label>
      {shared.isPending && shareToken !== undefined && <p aria-live="polite">{t("share.loading")}</p>}
      {source !== "file" && <ShareProblem error={shared.error} />}
      {source === "share" && shared.data && (
        <div className="notice info" data-testid="shared-notice">
          <p>{t("share.opened", { date: formatInstant(shared.data.expiresAt, locale) })}</p>
        </div>
      )}
      {fileName && source !== "share" && <p className="muted">{t("verify.checking", { name: fileName })}</p>}
      <ErrorNote error={readError ?? verify.error ?? verifyBadge.error} />
      {(verify.isPending || verifyBadge.isPending) && <p aria-live="polite">{t("verify.working")}</p>}
      {verify.data && <VerificationResult result={verify.data} />}
      {verifyBadge.data && <BadgeResult result={verifyBadge.data} />}
      {verify.data?.valid && source === "file" && verify.variables !== undefined && (
        // A new file is a new share form.
        <ShareCredential key={verify.submittedAt} credential={verify.variables as Record<string, unknown>} />
      )}
    </section>
  );
}

/** Why a share link opens nothing: expired (with when) or unknown, and what to do; anything else as usual. */
function ShareProblem({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!(error instanceof ApiError) || !["share_expired", "share_not_found", "share_withdrawn"].includes(error.code))
    return <ErrorNote error={error} />;
  const expiresAt = error.details[0]?.expiresAt;
  const text =
    error.code === "share_withdrawn"
      ? t("errors.share_withdrawn")
      : error.code === "share_expired" && typeof expiresAt === "string"
        ? t("share.expired", { date: formatInstant(expiresAt, localeOf(i18n.resolvedLanguage)) })
        : t(error.code === "share_expired" ? "errors.share_expired" : "share.missing");
  return (
    <div role="alert" className="notice error" data-share-problem={error.code}>
      <p>{text}</p>
    </div>
  );
}

function VerificationResult({ result }: { result: Verification }) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const about = result.about;
  const revoked = result.checks.some((c) => c.name === "notRevoked" && c.outcome === "fail");
  const verdict = result.valid ? "valid" : revoked ? (result.supersededBy ? "superseded" : "revoked") : "invalid";
  const school = (s: { memberId: number; name: string | null }) =>
    s.name ?? t("verify.unknownSchool", { id: s.memberId });
  return (
    <div className="result">
      <div className={`verdict ${result.valid ? "ok" : "bad"}`} role="status" data-verdict={verdict}>
        <h2>{t(`verify.verdict.${verdict}`)}</h2>
        <p>{t(`verify.verdictText.${verdict}`)}</p>
      </div>
      <h2>{t("verify.says")}</h2>
      <dl className="facts">
        <dt>{t("verify.issuer")}</dt>
        <dd>{school(about.issuer)}</dd>
        <dt>{t("verify.home")}</dt>
        <dd>{school(about.home)}</dd>
        <dt>{t("verify.course")}</dt>
        <dd>
          {about.course.code ?? `#${about.course.courseId}`}
          {about.course.title && ` ${about.course.title}`} · {t("verify.version", { version: about.course.version })}
        </dd>
        <dt>{t("verify.credits")}</dt>
        <dd>{formatCredits(about.credits, locale)}</dd>
        <dt>{t("verify.term")}</dt>
        <dd>{formatTerm(about.term, locale)}</dd>
        <dt>{t("verify.grade")}</dt>
        <dd>{about.grade ?? t("verify.hidden")}</dd>
        <dt>{t("verify.completed")}</dt>
        <dd>{about.completionDate ? formatDate(about.completionDate, locale) : t("verify.hidden")}</dd>
        <dt>{t("verify.recognition")}</dt>
        <dd>
          {result.recognition
            ? t(`verify.recognitionStatus.${result.recognition.status}`, {
                defaultValue: result.recognition.status,
                credits: formatCredits(result.recognition.recognisedCredits, locale),
              })
            : t("verify.recognitionStatus.none")}
        </dd>
        {result.supersededBy && (
          <>
            <dt>{t("verify.supersededBy")}</dt>
            <dd className="mono">{result.supersededBy}</dd>
          </>
        )}
      </dl>
      <h2>{t("verify.checks")}</h2>
      <CheckList prefix="checks" checks={result.checks.map((c) => ({ ...c, detail: c.reason }))} />
    </div>
  );
}
