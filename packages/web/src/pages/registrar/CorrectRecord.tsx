import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, idempotencyKey, must } from "../../api/client";
import { Empty, ErrorNote } from "../../components/Notice";
import { formatCredits, formatDate, shortHash } from "../../format";
import { localeOf } from "../../i18n";
import { useCourseCodes } from "../../names";

/**
 * A correction: the record is revoked and linked to the record that replaces it, which the registrar
 * submitted in a roster first. The candidates are the same student's other anchored, unrevoked records.
 */
export function CorrectRecord(props: {
  record: { id: string; studentRef: string; batchRoot: string };
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const id = useId();
  const queryClient = useQueryClient();
  const { code } = useCourseCodes();
  const [replacementId, setReplacementId] = useState<string>();
  const [reason, setReason] = useState("1");
  const candidates = useQuery({
    queryKey: ["records", "student", props.record.studentRef],
    queryFn: () =>
      must(api.GET("/records", { params: { query: { studentRef: props.record.studentRef, limit: 100 } } })),
  });
  const items = (candidates.data?.items ?? []).filter((r) => r.id !== props.record.id && !r.revoked);
  const correct = useMutation({
    mutationFn: () =>
      must(
        api.POST("/attestations/{id}/supersede", {
          params: { path: { id: props.record.id }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { replacementId: replacementId!, reasonCode: Number(reason) },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["records"] });
      props.onDone();
    },
  });
  return (
    <form
      className="stacked"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        correct.mutate();
      }}
    >
      <p id={`${id}-title`}>{t("correct.lead", { student: props.record.studentRef })}</p>
      <ErrorNote error={candidates.error ?? correct.error} />
      {candidates.data && items.length === 0 && <Empty>{t("correct.none")}</Empty>}
      {items.length > 0 && (
        <fieldset>
          <legend>{t("correct.replacement")}</legend>
          {items.map((r) => (
            <label key={r.id} className="check-label">
              <input
                type="radio"
                name={`${id}-replacement`}
                value={r.id}
                checked={replacementId === r.id}
                onChange={() => setReplacementId(r.id)}
              />
              {t("correct.candidate", {
                batch: shortHash(r.batchRoot),
                course: code(r.courseId),
                credits: formatCredits(r.credits, locale),
                grade: r.grade,
                date: formatDate(r.completionDate, locale),
              })}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        {t("batches.reasonCode")}
        <input type="number" min={1} max={65535} required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div>
        <button type="submit" disabled={!replacementId || correct.isPending}>
          {t("correct.submit")}
        </button>{" "}
        <button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
