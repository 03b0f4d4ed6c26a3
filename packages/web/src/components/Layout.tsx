import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { useSession } from "../session";

/** The console's screens by role: what each kind of key may do. */
const NAV: Record<string, Array<[path: string, key: string]>> = {
  member: [
    ["/console/roster", "nav.roster"],
    ["/console/batches", "nav.batches"],
    ["/console/inbox", "nav.inbox"],
    // Other schools' batches fetched from their gateways (one gateway per member); their records join the inbox.
    ["/console/received", "nav.received"],
    ["/console/courses", "nav.courses"],
    ["/console/resources", "nav.resources"],
    ["/console/resource-uses", "nav.resourceUses"],
    // A member school's key may be a councillor's: it reads and proposes the charter's terms.
    ["/console/charter", "nav.charter"],
    ["/console/performance", "nav.performance"],
  ],
  secretariat: [
    ["/console/members", "nav.members"],
    ["/console/received", "nav.received"],
    ["/console/proposals", "nav.proposals"],
    ["/console/charter", "nav.charter"],
    ["/console/claims", "nav.claims"],
    ["/console/resource-uses", "nav.resourceUses"],
    ["/console/periods", "nav.periods"],
    ["/console/performance", "nav.performance"],
    ["/console/settlements", "nav.settlements"],
  ],
  auditor: [
    ["/console/audit", "nav.audit"],
    // Batches other schools' gateways delivered altered or incomplete are also audit discrepancies.
    ["/console/received", "nav.received"],
    ["/console/members", "nav.members"],
    ["/console/periods", "nav.periods"],
    ["/console/performance", "nav.performance"],
  ],
  readonly: [
    ["/console/members", "nav.members"],
    ["/console/courses", "nav.courses"],
  ],
};

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.resolvedLanguage === "zh" ? "en" : "zh";
  return (
    <button
      type="button"
      className="link-button"
      lang={other === "zh" ? "zh-CN" : "en"}
      onClick={() => void i18n.changeLanguage(other)}
    >
      {t("app.otherLanguage")}
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { caller, signOut } = useSession();
  const [location, navigate] = useLocation();
  const nav = caller ? (NAV[caller.role] ?? []) : [];
  return (
    <>
      <header className="top">
        <Link href="/" className="brand">
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.label")}>
          <Link href="/verify" aria-current={location === "/verify" ? "page" : undefined}>
            {t("nav.verify")}
          </Link>
          {nav.map(([path, key]) => (
            <Link key={path} href={path} aria-current={location.startsWith(path) ? "page" : undefined}>
              {t(key)}
            </Link>
          ))}
        </nav>
        <div className="who">
          {caller ? (
            <>
              <span>
                {caller.memberName ?? t(`roles.${caller.role}`)}
                {caller.memberName ? ` · ${t(`roles.${caller.role}`)}` : ""}
              </span>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  signOut();
                  navigate("/");
                }}
              >
                {t("nav.signOut")}
              </button>
            </>
          ) : (
            <Link href="/console/sign-in">{t("nav.signIn")}</Link>
          )}
          <LanguageSwitch />
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
