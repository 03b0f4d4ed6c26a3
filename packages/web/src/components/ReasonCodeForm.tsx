import { useState } from "react";
import { useTranslation } from "react-i18next";

/** A refusal's reason code (1–65535) asked inline, then confirmed or cancelled: revoking, rejecting. */
export function ReasonCodeForm(props: {
  label: string;
  confirm: string;
  busy: boolean;
  onConfirm: (reasonCode: number) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("1");
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        props.onConfirm(Number(reason));
      }}
    >
      <label>
        {props.label}
        <input type="number" min={1} max={65535} required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={props.busy}>
        {props.confirm}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t("common.cancel")}
      </button>
    </form>
  );
}
