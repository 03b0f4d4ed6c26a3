import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, idempotencyKey, must, type Schemas } from "../../api/client";
import { Empty, ErrorNote, Loading, Success } from "../../components/Notice";
import { Pager } from "../../components/Pager";
import { decimalToMinor, formatMoney } from "../../format";
import { localeOf } from "../../i18n";
import { useMemberNames } from "../../names";
import { useSession } from "../../session";
import { sha256Hex } from "../../sha256";

const LIMIT = 50;
type Resource = Schemas["Resource"];
const KINDS: Resource["kind"][] = [
  "teacherSecondment",
  "labOrTrainingRoom",
  "equipment",
  "practiceBase",
  "libraryOrDigitalCollection",
  "other",
];
const UNITS: Resource["unit"][] = ["hour", "day", "seat", "placement", "licence"];
const EMPTY_FORM = {
  kind: "teacherSecondment" as Resource["kind"],
  kindName: "",
  unit: "hour" as Resource["unit"],
  price: "",
  capacity: "",
  terms: "",
};
const EMPTY_REQUEST = { quantity: "1", startDay: "", endDay: "", personRef: "" };

/** Shared resources: every school's offer; a member publishes its own and requests other schools'. */
export function Resources() {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage);
  const { caller } = useSession();
  const { name } = useMemberNames();
  const queryClient = useQueryClient();
  const isMember = caller?.role === "member";
  const [offset, setOffset] = useState(0);
  const [form, setForm] = useState(EMPTY_FORM);
  const [versionOf, setVersionOf] = useState<number>();
  const [retiring, setRetiring] = useState<number>();
  const [requestFor, setRequestFor] = useState<Resource>();
  const [request, setRequest] = useState(EMPTY_REQUEST);
  const resources = useQuery({
    queryKey: ["resources", offset],
    queryFn: () => must(api.GET("/resources", { params: { query: { limit: LIMIT, offset } } })),
  });
  const kindLabel = (r: Pick<Resource, "kind">) => t(`resources.kinds.${r.kind}`);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["resources"] });

  const terms = () => {
    const pricePerUnit = decimalToMinor(form.price);
    if (pricePerUnit === undefined) throw new Error(t("resources.badPrice"));
    return { unit: form.unit, pricePerUnit, capacity: Number(form.capacity), termsHash: sha256Hex(form.terms) };
  };
  const publish = useMutation({
    mutationFn: async (): Promise<unknown> =>
      versionOf === undefined
        ? must(
            api.POST("/resources", {
              params: { header: { "Idempotency-Key": idempotencyKey() } },
              body: {
                ...terms(),
                kind: form.kind,
                ...(form.kind === "other" ? { kindName: form.kindName.trim() } : {}),
              },
            }),
          )
        : must(
            api.POST("/resources/{resourceId}/versions", {
              params: { path: { resourceId: versionOf }, header: { "Idempotency-Key": idempotencyKey() } },
              body: terms(),
            }),
          ),
    onSuccess: () => {
      setForm(EMPTY_FORM);
      setVersionOf(undefined);
      refresh();
    },
  });
  const retire = useMutation({
    mutationFn: (resourceId: number) =>
      must(
        api.POST("/resources/{resourceId}/retire", {
          params: { path: { resourceId }, header: { "Idempotency-Key": idempotencyKey() } },
        }),
      ),
    onSuccess: () => {
      setRetiring(undefined);
      refresh();
    },
  });
  const requestUse = useMutation({
    mutationFn: async (resourceId: number) => {
      if (request.endDay < request.startDay) throw new Error(t("resources.badDates"));
      const personRef = request.personRef.trim();
      return must(
        api.POST("/resource-uses", {
          params: { header: { "Idempotency-Key": idempotencyKey() } },
          body: {
            resourceId,
            quantity: Number(request.quantity),
            startDay: request.startDay,
            endDay: request.endDay,
            ...(personRef ? { personRef } : {}),
          },
        }),
      );
    },
    onSuccess: () => {
      setRequest(EMPTY_REQUEST);
      setRequestFor(undefined);
      void queryClient.invalidateQueries({ queryKey: ["resource-uses"] });
    },
  });

  const termsHash = form.terms ? sha256Hex(form.terms) : "—";
  return (
    <section>
      <h1>{t("resources.title")}</h1>
      <p className="lead">{t("resources.lead")}</p>
      <ErrorNote error={resources.error ?? retire.error} />
      {retire.isSuccess && <Success>{t("resources.retired")}</Success>}
      {requestUse.isSuccess && <Success>{t("resources.requested")}</Success>}
      {resources.isPending && <Loading />}
      {resources.data && resources.data.items.length === 0 && <Empty>{t("resources.empty")}</Empty>}
      {resources.data && resources.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("resources.resource")}</th>
              <th scope="col">{t("resources.kind")}</th>
              <th scope="col">{t("resources.host")}</th>
              <th scope="col">{t("resources.unit")}</th>
              <th scope="col">{t("resources.price")}</th>
              <th scope="col">{t("resources.capacity")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {resources.data.items.map((r) => {
              const own = caller?.memberId === r.hostMemberId;
              return (
                <tr key={r.resourceId}>
                  <td>
                    #{r.resourceId} <span className="muted">v{r.latestVersion}</span>
                  </td>
                  <td>
                    {kindLabel(r)}
                    {r.kindCode && (
                      <div className="mono muted" title={r.kindCode}>
                        {r.kindCode.slice(0, 10)}…
                      </div>
                    )}
                  </td>
                  <td>
                    {name(r.hostMemberId)}
                    {own && <span className="muted"> ({t("resources.ownSchool")})</span>}
                  </td>
                  <td>{t(`resources.units.${r.unit}`)}</td>
                  <td className="num">{formatMoney(r.pricePerUnit, "CNY", locale)}</td>
                  <td className="num">{r.capacity}</td>
                  <td>{t(`resources.statuses.${r.status}`)}</td>
                  <td className="actions">
                    {isMember && !own && r.status === "active" && (
                      <button
                        type="button"
                        onClick={() => {
                          setRequestFor(r);
                          requestUse.reset();
                        }}
                      >
                        {t("resources.request")}
                      </button>
                    )}
                    {own && r.status === "active" && (
                      <>
                        <button type="button" onClick={() => setVersionOf(r.resourceId)}>
                          {t("resources.newVersion")}
                        </button>
                        {retiring !== r.resourceId ? (
                          <button type="button" onClick={() => setRetiring(r.resourceId)}>
                            {t("resources.retire")}
                          </button>
                        ) : (
                          <>
                            <button
                              type="button"
                              disabled={retire.isPending}
                              onClick={() => retire.mutate(r.resourceId)}
                            >
                              {t("resources.confirmRetire")}
                            </button>
                            <button type="button" onClick={() => setRetiring(undefined)}>
                              {t("common.cancel")}
                            </button>
                          </>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {resources.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={resources.data.items.length}
          total={resources.data.total}
          totalExact={resources.data.totalExact}
          onOffset={setOffset}
        />
      )}
      {isMember && requestFor && (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            requestUse.mutate(requestFor.resourceId);
          }}
        >
          <h2>
            {t("resources.requestOf", {
              resource: requestFor.resourceId,
              kind: kindLabel(requestFor),
              host: name(requestFor.hostMemberId),
            })}
          </h2>
          <p className="hint">
            {t("resources.price")}: {formatMoney(requestFor.pricePerUnit, "CNY", locale)} /{" "}
            {t(`resources.units.${requestFor.unit}`)} · {t("resources.capacity")}: {requestFor.capacity}
          </p>
          <label>
            {t("resources.quantity", { unit: t(`resources.units.${requestFor.unit}`) })}
            <input
              type="number"
              required
              min={1}
              max={requestFor.capacity}
              value={request.quantity}
              onChange={(e) => setRequest({ ...request, quantity: e.target.value })}
            />
          </label>
          <label>
            {t("resources.startDay")}
            <input
              type="date"
              required
              value={request.startDay}
              onChange={(e) => setRequest({ ...request, startDay: e.target.value })}
            />
          </label>
          <label>
            {t("resources.endDay")}
            <input
              type="date"
              required
              min={request.startDay || undefined}
              value={request.endDay}
              onChange={(e) => setRequest({ ...request, endDay: e.target.value })}
            />
          </label>
          <label>
            {t("resources.personRef")}
            <input
              maxLength={200}
              aria-describedby="person-hint"
              value={request.personRef}
              onChange={(e) => setRequest({ ...request, personRef: e.target.value })}
            />
          </label>
          <p className="hint" id="person-hint">
            {t("resources.personHint")}
          </p>
          <button type="submit" disabled={requestUse.isPending}>
            {t("resources.request")}
          </button>
          <button type="button" onClick={() => setRequestFor(undefined)}>
            {t("common.cancel")}
          </button>
          <ErrorNote error={requestUse.error} />
        </form>
      )}
      {isMember && (
        <form
          className="stacked"
          onSubmit={(e) => {
            e.preventDefault();
            publish.mutate();
          }}
        >
          <h2>
            {versionOf === undefined ? t("resources.publish") : t("resources.publishVersion", { resource: versionOf })}
          </h2>
          {versionOf === undefined && (
            <label>
              {t("resources.kind")}
              <select
                value={form.kind}
                onChange={(e) => setForm({ ...form, kind: e.target.value as Resource["kind"] })}
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`resources.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {versionOf === undefined && form.kind === "other" && (
            <>
              <label>
                {t("resources.kindName")}
                <input
                  required
                  maxLength={64}
                  aria-describedby="kind-name-hint"
                  value={form.kindName}
                  onChange={(e) => setForm({ ...form, kindName: e.target.value })}
                />
              </label>
              <p className="hint" id="kind-name-hint">
                {t("resources.kindNameHint")}
              </p>
            </>
          )}
          <label>
            {t("resources.unit")}
            <select value={form.unit} onChange={(e) => setForm({ ...form, unit: e.target.value as Resource["unit"] })}>
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`resources.units.${u}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("resources.priceYuan")}
            <input
              required
              inputMode="decimal"
              placeholder="800.00"
              value={form.price}
              onChange={(e) => setForm({ ...form, price: e.target.value })}
            />
          </label>
          <label>
            {t("resources.capacity")}
            <input
              type="number"
              required
              min={1}
              max={4294967295}
              aria-describedby="capacity-hint"
              value={form.capacity}
              onChange={(e) => setForm({ ...form, capacity: e.target.value })}
            />
          </label>
          <p className="hint" id="capacity-hint">
            {t("resources.capacityHint")}
          </p>
          <label>
            {t("resources.terms")}
            <textarea
              required
              maxLength={20000}
              aria-describedby="terms-hint"
              value={form.terms}
              onChange={(e) => setForm({ ...form, terms: e.target.value })}
            />
          </label>
          <p className="hint" id="terms-hint">
            {t("resources.termsHint", { hash: termsHash })}
          </p>
          <button type="submit" disabled={publish.isPending}>
            {versionOf === undefined ? t("resources.publish") : t("resources.newVersion")}
          </button>
          {versionOf !== undefined && (
            <button type="button" onClick={() => setVersionOf(undefined)}>
              {t("common.cancel")}
            </button>
          )}
          <ErrorNote error={publish.error} />
          {publish.isSuccess && <Success>{t("resources.published")}</Success>}
        </form>
      )}
    </section>
  );
}
