import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, must } from "../../api/client";
import { Empty, ErrorNote, Loading } from "../../components/Notice";
import { Pager } from "../../components/Pager";

const LIMIT = 50;

/** The alliance's schools and where each stands. */
export function Members() {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const members = useQuery({
    queryKey: ["members", offset],
    queryFn: () => must(api.GET("/members", { params: { query: { limit: LIMIT, offset } } })),
  });
  return (
    <section>
      <h1>{t("members.title")}</h1>
      <ErrorNote error={members.error} />
      {members.isPending && <Loading />}
      {members.data && members.data.items.length === 0 && <Empty>{t("members.empty")}</Empty>}
      {members.data && members.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("members.name")}</th>
              <th scope="col">{t("members.region")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("members.operators")}</th>
            </tr>
          </thead>
          <tbody>
            {members.data.items.map((m) => (
              <tr key={m.memberId}>
                <td>{m.name}</td>
                <td>{m.region}</td>
                <td>{t(`members.statuses.${m.status}`, { defaultValue: m.status })}</td>
                <td className="mono">{m.operators.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {members.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={members.data.items.length}
          total={members.data.total}
          totalExact={members.data.totalExact}
          onOffset={setOffset}
        />
      )}
    </section>
  );
}
