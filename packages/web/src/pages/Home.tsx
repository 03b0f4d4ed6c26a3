import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useSession } from "../session";

export function Home() {
  const { t } = useTranslation();
  const { caller } = useSession();
  return (
    <section className="home">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <div className="cards">
        <Link href="/verify" className="card">
          <h2>{t("home.verifyTitle")}</h2>
          <p>{t("home.verifyText")}</p>
        </Link>
        <Link href={caller ? "/console" : "/console/sign-in"} className="card">
          <h2>{t("home.consoleTitle")}</h2>
          <p>{t("home.consoleText")}</p>
        </Link>
      </div>
    </section>
  );
}
