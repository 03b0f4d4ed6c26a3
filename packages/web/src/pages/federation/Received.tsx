import { useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, must, type Schemas } from "../../api/client";
import { Empty, ErrorNote, Loading } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { StatusFilter } from "../../components/StatusFilter";
import { formatCount, formatInstant, shortRoot } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";

const LIMIT = 20;
const COLUMNS = 6;
type Status = Schemas["InboundBatchPage"]["items"][number]["status"];
const STATUSES: Status[] = ["pending", "delivered", "mismatch"];

/**
 * Other schools' batches this gateway fetches for its home schools (one gateway per member,
 * ALLIANCE_FEDERATION=on): waiting for the issuer's gateway, received intact, or altered or withheld, with
 * the gateway's own findings. Received records join the recognition inbox like local ones.
 */
export function Received() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { name } = useMemberNames();
  const [status, setStatus] = useState<Status | "">("");
  const [offset, setOffset] = useState(0);
  const query = { limit: LIMIT, offset, ...(status ? { status } : {}) };
  const inbound = useQuery({
    queryKey: ["federation-inbound", query],
    queryFn: () => must(api.GET("/federation/inbound", { params: { query } })),
    // A pending batch is retried within seconds to minutes: its row follows without a reload.
    refetchInterval: 10_000,
  });
  const items = inbound.data?.items ?? [];
  return (
    <section>
      <h1>{t("received.title")}</h1>
      <p className="lead">{t("received.lead")}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <StatusFilter
          value={status}
          statuses={STATUSES}
          name={(s) => t(`received.statuses.${s}`)}
          onChange={(s) => {
            setStatus(s);
            setOffset(0);
          }}
        />
      </form>
      <ErrorNote error={inbound.error} />
      {inbound.isPending && <Loading />}
      {inbound.data && items.length === 0 && (
        <Empty>{status ? t("received.emptyFiltered") : t("received.empty")}</Empty>
      )}
      {items.length > 0 && (
        <table>
          <caption className="sr-only">{t("received.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("received.root")}</th>
              <th scope="col">{t("common.issuer")}</th>
              <th scope="col">{t("received.count")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("received.nextAttempt")}</th>
              <th scope="col">{t("received.lastError")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((b) => (
              <Fragment key={b.root}>
                <tr data-status={b.status}>
                  <td className="mono nowrap" title={b.root}>
                    {shortRoot(b.root)}
                  </td>
                  <td>{name(b.issuerId)}</td>
                  <td className="num">{formatCount(b.count, locale)}</td>
                  <td className={b.status === "mismatch" ? "error-text" : undefined}>
                    {t(`received.statuses.${b.status}`)}
                  </td>
                  <td>{b.status === "pending" ? formatInstant(b.nextAttemptAt, locale, "medium") : "—"}</td>
                  {/* The gateway's own words (English), as it recorded them. */}
                  <td>{b.lastError ? <span lang="en">{b.lastError}</span> : "—"}</td>
                </tr>
                {b.status === "mismatch" && b.problems.length > 0 && (
                  // The findings get the table's full width, under their batch.
                  <tr>
                    <td colSpan={COLUMNS}>
                      <p>{t("received.mismatchExplain", { issuer: name(b.issuerId) })}</p>
                      <ul aria-label={t("received.problemsOf", { root: shortRoot(b.root) })}>
                        {b.findings.map((f, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: two findings may read alike
                          <li key={i}>
                            {f.kind === "other" ? (
                              // Recorded before findings were kept as data: the gateway's English sentence.
                              <span lang="en">{b.problems[i]}</span>
                            ) : (
                              t(`received.findings.${f.kind}`, {
                                index: f.index,
                                home: f.homeId === undefined ? "" : name(f.homeId),
                                records: f.records ?? 0,
                              })
                            )}
                            {f.reasons && (
                              <>
                                {" "}
                                <span lang="en">({f.reasons})</span>
                              </>
                            )}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {inbound.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={items.length}
          total={inbound.data.total}
          totalExact={inbound.data.totalExact}
          onOffset={setOffset}
        />
      )}
    </section>
  );
}
