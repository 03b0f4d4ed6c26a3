import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, idempotencyKey, must, type Schemas } from "../../api/client";
import { Empty, ErrorNote, Loading, Success } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { formatCredits, formatDate, formatTerm } from "../../format";
import { localeOf } from "../../i18n";
import { useCourseCodes, useMemberNames } from "../../names";

const LIMIT = 50;
type Decision = Schemas["RecognitionDecisions"]["decisions"][number];

/** Credits other schools attested for our students, waiting for a decision: filter, page, decide in bulk. */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const queryClient = useQueryClient();
  const { members, name } = useMemberNames();
  const { courses, code } = useCourseCodes();
  const [filter, setFilter] = useState<{ issuerId?: number; courseId?: number; term?: number }>({});
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<"accept" | "convert" | "reject">("accept");
  const [reasonCode, setReasonCode] = useState("1");
  const [convert, setConvert] = useState({ recognisedCredits: "", localCourse: "", conversionRule: "" });
  const inbox = useQuery({
    queryKey: ["inbox", filter, offset],
    queryFn: () => must(api.GET("/recognitions/inbox", { params: { query: { ...filter, limit: LIMIT, offset } } })),
  });
  const decide = useMutation({
    mutationFn: (ids: string[]) => {
      const decisions: Decision[] = ids.map((attestationId) =>
        action === "accept"
          ? { attestationId, decision: "accept" }
          : action === "reject"
            ? { attestationId, decision: "reject", reasonCode: Number(reasonCode) }
            : { attestationId, decision: "convert", ...convert },
      );
      return must(
        api.POST("/recognitions", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { decisions } }),
      );
    },
    onSuccess: () => {
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: ["inbox"] });
    },
  });
  const items = inbox.data?.items ?? [];
  const allSelected = items.length > 0 && items.every((r) => selected.has(r.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const setFilterValue = (key: "issuerId" | "courseId" | "term", value: string) => {
    setOffset(0);
    setSelected(new Set());
    setFilter({ ...filter, [key]: value === "" ? undefined : Number(value) });
  };
  return (
    <section>
      <h1>{t("inbox.title")}</h1>
      <p className="lead">{t("inbox.lead")}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("common.issuer")}
          <select value={filter.issuerId ?? ""} onChange={(e) => setFilterValue("issuerId", e.target.value)}>
            <option value="">{t("common.all")}</option>
            {members.map((m) => (
              <option key={m.memberId} value={m.memberId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("common.course")}
          <select value={filter.courseId ?? ""} onChange={(e) => setFilterValue("courseId", e.target.value)}>
            <option value="">{t("common.all")}</option>
            {courses.map((c) => (
              <option key={c.courseId} value={c.courseId}>
                {c.code}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("common.term")}
          <input
            inputMode="numeric"
            placeholder="20261"
            value={filter.term ?? ""}
            onChange={(e) => setFilterValue("term", e.target.value.replace(/\D/g, ""))}
          />
        </label>
      </form>
      <ErrorNote error={inbox.error ?? decide.error} />
      {decide.data && <Success>{t("inbox.decided", { count: decide.variables?.length ?? 0 })}</Success>}
      {inbox.isPending && <Loading />}
      {inbox.data && items.length === 0 && <Empty>{t("inbox.empty")}</Empty>}
      {items.length > 0 && (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t("inbox.selectAll")}
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((r) => r.id)))}
                  />
                </th>
                <th scope="col">{t("common.student")}</th>
                <th scope="col">{t("common.issuer")}</th>
                <th scope="col">{t("common.course")}</th>
                <th scope="col">{t("common.credits")}</th>
                <th scope="col">{t("common.term")}</th>
                <th scope="col">{t("common.completed")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t("inbox.select", { student: r.studentRef, course: code(r.courseId) })}
                      checked={selected.has(r.id)}
                      onChange={() => toggle(r.id)}
                    />
                  </td>
                  <td>{r.studentRef}</td>
                  <td>{name(r.issuerId)}</td>
                  <td>{code(r.courseId)}</td>
                  <td className="num">{formatCredits(r.credits, locale)}</td>
                  <td>{formatTerm(r.term, locale)}</td>
                  <td>{formatDate(r.completionDate, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            offset={offset}
            limit={LIMIT}
            shown={items.length}
            total={inbox.data!.total}
            totalExact={inbox.data!.totalExact}
            onOffset={setOffset}
          />
          <form
            className="bulk"
            onSubmit={(e) => {
              e.preventDefault();
              decide.mutate([...selected]);
            }}
          >
            <fieldset>
              <legend>{t("inbox.decideSelected", { count: selected.size })}</legend>
              <label>
                <input type="radio" name="action" checked={action === "accept"} onChange={() => setAction("accept")} />{" "}
                {t("inbox.accept")}
              </label>
              <label>
                <input
                  type="radio"
                  name="action"
                  checked={action === "convert"}
                  onChange={() => setAction("convert")}
                />{" "}
                {t("inbox.convert")}
              </label>
              <label>
                <input type="radio" name="action" checked={action === "reject"} onChange={() => setAction("reject")} />{" "}
                {t("inbox.reject")}
              </label>
              {action === "reject" && (
                <label>
                  {t("inbox.reasonCode")}
                  <input
                    type="number"
                    min={1}
                    max={65535}
                    required
                    value={reasonCode}
                    onChange={(e) => setReasonCode(e.target.value)}
                  />
                </label>
              )}
              {action === "convert" && (
                <>
                  <label>
                    {t("inbox.recognisedCredits")}
                    <input
                      required
                      inputMode="decimal"
                      value={convert.recognisedCredits}
                      onChange={(e) => setConvert({ ...convert, recognisedCredits: e.target.value })}
                    />
                  </label>
                  <label>
                    {t("inbox.localCourse")}
                    <input
                      required
                      maxLength={31}
                      value={convert.localCourse}
                      onChange={(e) => setConvert({ ...convert, localCourse: e.target.value })}
                    />
                  </label>
                  <label>
                    {t("inbox.conversionRule")}
                    <input
                      required
                      maxLength={31}
                      value={convert.conversionRule}
                      onChange={(e) => setConvert({ ...convert, conversionRule: e.target.value })}
                    />
                  </label>
                </>
              )}
              <button type="submit" disabled={selected.size === 0 || selected.size > 200 || decide.isPending}>
                {t("inbox.apply", { count: selected.size })}
              </button>
            </fieldset>
          </form>
        </>
      )}
    </section>
  );
}
