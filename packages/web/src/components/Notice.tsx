import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

/** A failure in the reader's language: the code's own explanation when we have one, else the gateway's words. */
export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  // A TypeError is fetch's "the gateway did not answer"; any other Error is our own check of a form.
  const text = e
    ? t(`errors.${e.code}`, { defaultValue: e.message })
    : error instanceof Error && !(error instanceof TypeError)
      ? error.message
      : t("errors.network");
  return (
    <div role="alert" className="notice error">
      <p>{text}</p>
      {e && e.details.length > 0 && (
        <ul>
          {e.details.slice(0, 20).map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: details have no identity of their own
            <li key={i}>
              {Object.entries(d)
                .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
                .join(" · ")}
            </li>
          ))}
        </ul>
      )}
      {e && <p className="muted">{t("errors.code", { code: e.code })}</p>}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="notice ok">
      {children}
    </div>
  );
}

/** An empty list says why and what to do next. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" aria-live="polite">
      {t("common.loading")}
    </p>
  );
}
