import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, idempotencyKey, must } from "../../api/client";
import { Empty, ErrorNote, Loading, Success } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { decimalToMinor, formatCredits, formatMoney, formatTerm } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";
import { useSession } from "../../session";

const LIMIT = 50;
const EMPTY_FORM = { code: "", metadata: "", credits: "", contactHours: "", fee: "", term: "", seats: "" };

/** The shared catalogue; a member publishes its own courses and new versions of them. */
export function Courses() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { caller } = useSession();
  const { name } = useMemberNames();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const [form, setForm] = useState(EMPTY_FORM);
  const [versionOf, setVersionOf] = useState<number>();
  const courses = useQuery({
    queryKey: ["courses", offset],
    queryFn: () => must(api.GET("/courses", { params: { query: { limit: LIMIT, offset } } })),
  });
  const terms = () => {
    const fee = decimalToMinor(form.fee);
    if (fee === undefined) throw new Error(t("courses.badFee"));
    return {
      metadata: form.metadata,
      credits: form.credits,
      contactHours: Number(form.contactHours),
      feePerCredit: fee,
      term: Number(form.term),
      seats: Number(form.seats),
    };
  };
  const publish = useMutation({
    mutationFn: async (): Promise<unknown> =>
      versionOf === undefined
        ? must(
            api.POST("/courses", {
              params: { header: { "Idempotency-Key": idempotencyKey() } },
              body: { ...terms(), code: form.code },
            }),
          )
        : must(
            api.POST("/courses/{courseId}/versions", {
              params: { path: { courseId: versionOf }, header: { "Idempotency-Key": idempotencyKey() } },
              body: terms(),
            }),
          ),
    onSuccess: () => {
      setForm(EMPTY_FORM);
      setVersionOf(undefined);
      void queryClient.invalidateQueries({ queryKey: ["courses"] });
    },
  });
  const field = (key: keyof typeof EMPTY_FORM, label: string, props: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input required value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} {...props} />
    </label>
  );
  return (
    <section>
      <h1>{t("courses.title")}</h1>
      <ErrorNote error={courses.error} />
      {courses.isPending && <Loading />}
      {courses.data && courses.data.items.length === 0 && <Empty>{t("courses.empty")}</Empty>}
      {courses.data && courses.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("courses.course")}</th>
              <th scope="col">{t("courses.host")}</th>
              <th scope="col">{t("common.credits")}</th>
              <th scope="col">{t("courses.fee")}</th>
              <th scope="col">{t("common.term")}</th>
              <th scope="col">{t("courses.seats")}</th>
              <th scope="col">{t("courses.tier")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {courses.data.items.map((c) => (
              <tr key={c.courseId}>
                <td>
                  {c.code} <span className="muted">v{c.latestVersion}</span>
                  {c.title && <div>{c.title}</div>}
                </td>
                <td>{name(c.hostMemberId)}</td>
                <td className="num">{formatCredits(c.credits, locale)}</td>
                <td className="num">{formatMoney(c.feePerCredit, "CNY", locale)}</td>
                <td>{formatTerm(c.term, locale)}</td>
                <td className="num">{c.seats}</td>
                <td>{t(`courses.tiers.${c.tier}`)}</td>
                <td>{t(`courses.statuses.${c.status}`)}</td>
                <td>
                  {caller?.memberId === c.hostMemberId && c.status === "active" && (
                    <button type="button" onClick={() => setVersionOf(c.courseId)}>
                      {t("courses.newVersion")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {courses.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={courses.data.items.length}
          total={courses.data.total}
          totalExact={courses.data.totalExact}
          onOffset={setOffset}
        />
      )}
      {caller?.role === "member" && (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            publish.mutate();
          }}
        >
          <h2>
            {versionOf === undefined
              ? t("courses.publish")
              : t("courses.publishVersion", {
                  course: courses.data?.items.find((c) => c.courseId === versionOf)?.code,
                })}
          </h2>
          {versionOf === undefined && field("code", t("courses.code"), { maxLength: 31 })}
          <label>
            {t("courses.metadata")}
            <textarea
              required
              maxLength={10000}
              value={form.metadata}
              onChange={(e) => setForm({ ...form, metadata: e.target.value })}
            />
          </label>
          {field("credits", t("common.credits"), { inputMode: "decimal", placeholder: "2.5" })}
          {field("contactHours", t("courses.contactHours"), { inputMode: "numeric" })}
          {field("fee", t("courses.feeYuan"), { inputMode: "decimal", placeholder: "120.00" })}
          {field("term", t("common.term"), { inputMode: "numeric", placeholder: "20261" })}
          {field("seats", t("courses.seats"), { inputMode: "numeric" })}
          <button type="submit" disabled={publish.isPending}>
            {versionOf === undefined ? t("courses.publish") : t("courses.newVersion")}
          </button>
          {versionOf !== undefined && (
            <button type="button" onClick={() => setVersionOf(undefined)}>
              {t("common.cancel")}
            </button>
          )}
          <ErrorNote error={publish.error} />
          {publish.isSuccess && <Success>{t("courses.published")}</Success>}
        </form>
      )}
    </section>
  );
}
