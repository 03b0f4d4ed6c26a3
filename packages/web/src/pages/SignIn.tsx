import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { ErrorNote } from "../components/Notice";
import { useSession } from "../session";

/** Paste the API key the secretariat issued; it stays in this tab only. */
export function SignIn() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [, navigate] = useLocation();
  const [key, setKey] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <section className="narrow">
      <h1>{t("signIn.title")}</h1>
      <p>{t("signIn.lead")}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            await signIn(key);
            navigate("/console");
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label htmlFor="api-key">{t("signIn.key")}</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <p className="hint">{t("signIn.hint")}</p>
        <button type="submit" disabled={busy || key.trim() === ""}>
          {t("signIn.submit")}
        </button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
