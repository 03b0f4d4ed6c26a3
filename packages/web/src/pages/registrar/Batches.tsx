import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, idempotencyKey, must, rawFetch, saveFile } from "../../api/client";
import { Empty, ErrorNote, Loading, Success } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { ReasonCodeForm } from "../../components/ReasonCodeForm";
import { formatCount, formatCredits, formatDate, formatTerm, shortHash } from "../../format";
import { localeOf } from "../../i18n";
import { useCourseCodes, useMemberNames } from "../../names";
import { useSession } from "../../session";
import { CorrectRecord } from "./CorrectRecord";

const LIMIT = 20;

/** This school's anchored batches: download each batch's credential files, open its records to revoke one. */
export function Batches() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { caller } = useSession();
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string>();
  const batches = useQuery({
    queryKey: ["batches", caller?.memberId, offset],
    queryFn: () =>
      must(api.GET("/batches", { params: { query: { issuerId: caller!.memberId!, limit: LIMIT, offset } } })),
    enabled: caller?.memberId != null,
    refetchInterval: 5_000,
  });
  const download = useMutation({
    mutationFn: async (root: string) => {
      const response = await rawFetch(`/batches/${root}/credentials?format=zip`, {
        headers: { accept: "application/zip" },
      });
      saveFile(await response.blob(), `credentials-${root.slice(2, 10)}.zip`);
    },
  });
  return (
    <section>
      <h1>{t("batches.title")}</h1>
      <p className="lead">{t("batches.lead")}</p>
      <ErrorNote error={batches.error ?? download.error} />
      {batches.isPending && <Loading />}
      {batches.data && batches.data.items.length === 0 && <Empty>{t("batches.empty")}</Empty>}
      {batches.data && batches.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("batches.root")}</th>
              <th scope="col">{t("batches.count")}</th>
              <th scope="col">{t("batches.block")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {batches.data.items.map((b) => (
              <tr key={b.root}>
                <td className="mono" title={b.root}>
                  {shortHash(b.root)}
                </td>
                <td className="num">{formatCount(b.count, locale)}</td>
                <td className="num">{formatCount(b.blockNumber, locale)}</td>
                <td className="actions">
                  <button type="button" onClick={() => download.mutate(b.root)} disabled={download.isPending}>
                    {t("batches.download")}
                  </button>
                  <button
                    type="button"
                    onClick={() => setOpen(open === b.root ? undefined : b.root)}
                    aria-expanded={open === b.root}
                  >
                    {t("batches.records")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {batches.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={batches.data.items.length}
          total={batches.data.total}
          totalExact={batches.data.totalExact}
          onOffset={setOffset}
        />
      )}
      {open && <BatchRecords root={open} />}
    </section>
  );
}

function BatchRecords({ root }: { root: string }) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const queryClient = useQueryClient();
  const { name } = useMemberNames();
  const { code } = useCourseCodes();
  const [offset, setOffset] = useState(0);
  const [revoking, setRevoking] = useState<string>();
  const [correcting, setCorrecting] = useState<string>();
  const [corrected, setCorrected] = useState(false);
  const records = useQuery({
    queryKey: ["records", root, offset],
    queryFn: () => must(api.GET("/records", { params: { query: { batchRoot: root, limit: LIMIT, offset } } })),
  });
  // The signed Open Badges 3.0 credential, named by course and place like the archive's files (never the student).
  const badge = useMutation({
    mutationFn: async (r: { id: string; courseId: number; index: number }) => {
      const response = await rawFetch(`/attestations/${r.id}/openbadge`);
      saveFile(await response.blob(), `${code(r.courseId)}-${String(r.index + 1).padStart(2, "0")}.openbadge.json`);
    },
  });
  const revoke = useMutation({
    mutationFn: ({ id, reasonCode }: { id: string; reasonCode: number }) =>
      must(
        api.POST("/attestations/{id}/revoke", {
          params: { path: { id }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { reasonCode },
        }),
      ),
    onSuccess: () => {
      setRevoking(undefined);
      void queryClient.invalidateQueries({ queryKey: ["records", root] });
    },
  });
  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">{t("batches.recordsOf", { root: shortHash(root) })}</h2>
      <ErrorNote error={records.error ?? revoke.error ?? badge.error} />
      {revoke.isSuccess && <Success>{t("batches.revoked")}</Success>}
      {corrected && <Success>{t("correct.done")}</Success>}
      {records.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("common.student")}</th>
              <th scope="col">{t("common.homeSchool")}</th>
              <th scope="col">{t("common.course")}</th>
              <th scope="col">{t("common.credits")}</th>
              <th scope="col">{t("common.grade")}</th>
              <th scope="col">{t("common.term")}</th>
              <th scope="col">{t("common.completed")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {records.data.items.map((r) => (
              <Fragment key={r.id}>
                <tr>
                  <td className="num">{r.index + 1}</td>
                  <td>{r.studentRef}</td>
                  <td>{name(r.homeId)}</td>
                  <td>{code(r.courseId)}</td>
                  <td className="num">{formatCredits(r.credits, locale)}</td>
                  <td>{r.grade}</td>
                  <td>{formatTerm(r.term, locale)}</td>
                  <td>{formatDate(r.completionDate, locale)}</td>
                  <td>{r.revoked ? t("batches.statusRevoked", { code: r.reasonCode }) : t("batches.statusValid")}</td>
                  <td className="actions">
                    {!r.revoked && revoking !== r.id && (
                      <button type="button" disabled={badge.isPending} onClick={() => badge.mutate(r)}>
                        {t("batches.openBadge")}
                      </button>
                    )}
                    {!r.revoked && revoking !== r.id && correcting !== r.id && (
                      <button type="button" onClick={() => setCorrecting(r.id)}>
                        {t("correct.open")}
                      </button>
                    )}
                    {!r.revoked && revoking !== r.id && correcting !== r.id && (
                      <button type="button" onClick={() => setRevoking(r.id)}>
                        {t("batches.revoke")}
                      </button>
                    )}
                    {revoking === r.id && (
                      <ReasonCodeForm
                        label={t("batches.reasonCode")}
                        confirm={t("batches.confirmRevoke")}
                        busy={revoke.isPending}
                        onConfirm={(reasonCode) => revoke.mutate({ id: r.id, reasonCode })}
                        onCancel={() => setRevoking(undefined)}
                      />
                    )}
                  </td>
                </tr>
                {correcting === r.id && (
                  // The correction gets the table's full width, under its record.
                  <tr>
                    <td colSpan={10}>
                      <CorrectRecord
                        record={{ id: r.id, studentRef: r.studentRef, batchRoot: root }}
                        onCancel={() => setCorrecting(undefined)}
                        onDone={() => {
                          setCorrecting(undefined);
                          setCorrected(true);
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {records.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={records.data.items.length}
          total={records.data.total}
          totalExact={records.data.totalExact}
          onOffset={setOffset}
        />
      )}
    </section>
  );
}
