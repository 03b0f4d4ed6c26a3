import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, idempotencyKey, must, type Schemas } from "../../api/client";
import { Empty, ErrorNote, Loading, Success } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { formatDate, formatMoney, shortHash } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";
import { StatusFilter } from "../../components/StatusFilter";
import { useSession } from "../../session";

const LIMIT = 50;
type Use = Schemas["ResourceUse"];
type Status = Use["status"];
type Action = "accept" | "decline" | "cancel" | "deliver" | "confirm" | "dispute" | "resolve";
const STATUSES: Status[] = [
  "requested",
  "accepted",
  "declined",
  "cancelled",
  "delivered",
  "confirmed",
  "disputed",
  "resolved",
];
/** Steps that need no input: taken with one click. */
const DIRECT: Action[] = ["cancel", "confirm"];
const EMPTY_INPUT = { personRef: "", reason: "", quantity: "", note: "" };

/** The steps the caller may take on a use in its current status: the host's, the user's, the secretariat's. */
function stepsFor(use: Use, role: string | undefined, memberId: number | null | undefined): Action[] {
  if (role === "secretariat") return use.status === "disputed" ? ["resolve"] : [];
  if (role !== "member") return [];
  const host = memberId === use.hostMemberId;
  const user = memberId === use.userId;
  switch (use.status) {
    case "requested":
      return [...(host ? (["accept", "decline"] as const) : []), ...(user ? (["cancel"] as const) : [])];
    case "accepted":
      return host ? ["deliver"] : [];
    case "delivered":
      return [...(user ? (["confirm"] as const) : []), ...(host || user ? (["dispute"] as const) : [])];
    default:
      return [];
  }
}

/** Uses of shared resources: a school's requests and the requests for its resources; the secretariat's disputes. */
export function ResourceUses() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { caller } = useSession();
  const { name } = useMemberNames();
  const queryClient = useQueryClient();
  const isSecretariat = caller?.role === "secretariat";
  const memberId = caller?.memberId ?? undefined;
  const [offset, setOffset] = useState(0);
  const [status, setStatus] = useState<Status | "">(isSecretariat ? "disputed" : "");
  const [party, setParty] = useState<"all" | "user" | "host">("all");
  const [acting, setActing] = useState<{ useId: string; action: Action }>();
  const [input, setInput] = useState(EMPTY_INPUT);
  const query = {
    limit: LIMIT,
    offset,
    ...(status ? { status } : {}),
    ...(party === "user" && memberId ? { userId: memberId } : {}),
    ...(party === "host" && memberId ? { hostMemberId: memberId } : {}),
  };
  const uses = useQuery({
    queryKey: ["resource-uses", query],
    queryFn: () => must(api.GET("/resource-uses", { params: { query } })),
  });
  const resources = useQuery({
    queryKey: ["resources", "all"],
    queryFn: () => must(api.GET("/resources", { params: { query: { limit: 500 } } })),
    staleTime: 60_000,
  });
  const kindOf = (resourceId: number) => {
    const r = resources.data?.items.find((x) => x.resourceId === resourceId);
    return r ? t(`resources.kinds.${r.kind}`) : "";
  };

  const act = useMutation({
    mutationFn: async ({ useId, action }: { useId: string; action: Action }): Promise<Action> => {
      const params = { path: { useId }, header: { "Idempotency-Key": idempotencyKey() } };
      const reason = input.reason.trim();
      const personRef = input.personRef.trim();
      switch (action) {
        case "accept":
          await must(api.POST("/resource-uses/{useId}/accept", { params, body: personRef ? { personRef } : {} }));
          break;
        case "decline":
          await must(api.POST("/resource-uses/{useId}/decline", { params, body: { reason } }));
          break;
        case "cancel":
          await must(api.POST("/resource-uses/{useId}/cancel", { params }));
          break;
        case "deliver":
          await must(
            api.POST("/resource-uses/{useId}/deliver", {
              params,
              body: { quantity: Number(input.quantity), note: input.note.trim() },
            }),
          );
          break;
        case "confirm":
          await must(api.POST("/resource-uses/{useId}/confirm", { params }));
          break;
        case "dispute":
          await must(api.POST("/resource-uses/{useId}/dispute", { params, body: { reason } }));
          break;
        case "resolve":
          await must(
            api.POST("/resource-uses/{useId}/resolve", {
              params,
              body: { quantity: Number(input.quantity), reason },
            }),
          );
          break;
      }
      return action;
    },
    onSuccess: () => {
      setActing(undefined);
      setInput(EMPTY_INPUT);
      void queryClient.invalidateQueries({ queryKey: ["resource-uses"] });
      void queryClient.invalidateQueries({ queryKey: ["resources"] });
    },
  });

  const open = (use: Use, action: Action) => {
    act.reset();
    if (DIRECT.includes(action)) {
      act.mutate({ useId: use.useId, action });
      return;
    }
    setActing({ useId: use.useId, action });
    setInput({
      ...EMPTY_INPUT,
      quantity: String(action === "deliver" ? use.quantity : use.deliveredQuantity),
    });
  };

  const form = (use: Use, action: Action) => {
    const reasonField = (
      <label>
        {t("uses.reason")}
        <input
          required
          maxLength={2000}
          value={input.reason}
          onChange={(e) => setInput({ ...input, reason: e.target.value })}
        />
      </label>
    );
    const quantityField = (max: number, label: string) => (
      <label>
        {label}
        <input
          type="number"
          required
          min={0}
          max={max}
          value={input.quantity}
          onChange={(e) => setInput({ ...input, quantity: e.target.value })}
        />
      </label>
    );
    return (
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          act.mutate({ useId: use.useId, action });
        }}
      >
        {action === "accept" && (
          <label>
            {t("uses.teacherRef")}
            <input
              maxLength={200}
              title={t("uses.teacherHint")}
              value={input.personRef}
              onChange={(e) => setInput({ ...input, personRef: e.target.value })}
            />
            <span className="hint">{t("uses.teacherHint")}</span>
          </label>
        )}
        {action === "deliver" && (
          <>
            {quantityField(use.quantity, t("uses.deliveredQuantity", { max: use.quantity }))}
            <label>
              {t("uses.note")}
              <input
                required
                maxLength={2000}
                value={input.note}
                onChange={(e) => setInput({ ...input, note: e.target.value })}
              />
            </label>
          </>
        )}
        {action === "resolve" &&
          quantityField(use.deliveredQuantity, t("uses.billedQuantity", { max: use.deliveredQuantity }))}
        {(action === "decline" || action === "dispute" || action === "resolve") && reasonField}
        <button type="submit" disabled={act.isPending}>
          {t(`uses.actions.${action}`)}
        </button>
        <button type="button" onClick={() => setActing(undefined)}>
          {t("common.cancel")}
        </button>
      </form>
    );
  };

  const emptyText = isSecretariat && status === "disputed" ? t("uses.emptyDisputes") : t("uses.empty");
  return (
    <section>
      <h1>{t("uses.title")}</h1>
      <p className="lead">{isSecretariat ? t("uses.leadSecretariat") : t("uses.lead")}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <StatusFilter
          value={status}
          statuses={STATUSES}
          name={(s) => t(`uses.statuses.${s}`)}
          onChange={(s) => {
            setStatus(s);
            setOffset(0);
          }}
        />
        {caller?.role === "member" && (
          <label>
            {t("uses.party")}
            <select
              value={party}
              onChange={(e) => {
                setParty(e.target.value as typeof party);
                setOffset(0);
              }}
            >
              {(["all", "user", "host"] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`uses.parties.${p}`)}
                </option>
              ))}
            </select>
          </label>
        )}
      </form>
      <ErrorNote error={uses.error ?? (acting ? undefined : act.error)} />
      {act.isSuccess && <Success>{t(`uses.done.${act.data}`)}</Success>}
      {uses.isPending && <Loading />}
      {uses.data && uses.data.items.length === 0 && <Empty>{emptyText}</Empty>}
      {uses.data && uses.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("uses.use")}</th>
              <th scope="col">{t("resources.resource")}</th>
              <th scope="col">{t("uses.user")}</th>
              <th scope="col">{t("resources.host")}</th>
              <th scope="col">{t("uses.quantity")}</th>
              <th scope="col">{t("uses.days")}</th>
              <th scope="col">{t("resources.price")}</th>
              <th scope="col">{t("uses.fee")}</th>
              <th scope="col">{t("uses.person")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {uses.data.items.map((u) => {
              const billed = u.status === "confirmed" || u.status === "resolved";
              const commitment = u.userPersonCommitment ?? u.hostPersonCommitment;
              return (
                <tr key={u.useId}>
                  <td className="num">#{u.useId}</td>
                  <td>
                    #{u.resourceId} <span className="muted">v{u.version}</span>
                    <div>{kindOf(u.resourceId)}</div>
                  </td>
                  <td>{name(u.userId)}</td>
                  <td>{name(u.hostMemberId)}</td>
                  <td>
                    {u.quantity} {t(`resources.units.${u.unit}`)}
                    <div className="muted">
                      {t("uses.quantities", {
                        requested: u.quantity,
                        delivered: u.deliveredQuantity,
                        billed: u.billedQuantity,
                      })}
                    </div>
                  </td>
                  <td>
                    {formatDate(u.startDay, locale)} – {formatDate(u.endDay, locale)}
                  </td>
                  <td className="num">{formatMoney(u.pricePerUnit, "CNY", locale)}</td>
                  <td className="num">
                    {billed ? formatMoney(u.fee, "CNY", locale) : "—"}
                    {billed && u.periodId !== null && (
                      <div className="muted">
                        {t("uses.period")} {u.periodId}
                      </div>
                    )}
                  </td>
                  <td>
                    {u.personRef ??
                      (commitment ? (
                        <span className="mono" title={commitment}>
                          {t("uses.committed")} {shortHash(commitment)}
                        </span>
                      ) : (
                        "—"
                      ))}
                  </td>
                  <td>{t(`uses.statuses.${u.status}`)}</td>
                  <td className="actions">
                    {acting?.useId === u.useId ? (
                      <>
                        {form(u, acting.action)}
                        <ErrorNote error={act.error} />
                      </>
                    ) : (
                      stepsFor(u, caller?.role, caller?.memberId).map((action) => (
                        <button
                          key={action}
                          type="button"
                          disabled={act.isPending}
                          title={action === "confirm" ? t("uses.confirmHint") : undefined}
                          onClick={() => open(u, action)}
                        >
                          {t(`uses.actions.${action}`)}
                        </button>
                      ))
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {uses.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={uses.data.items.length}
          total={uses.data.total}
          totalExact={uses.data.totalExact}
          onOffset={setOffset}
        />
      )}
    </section>
  );
}
