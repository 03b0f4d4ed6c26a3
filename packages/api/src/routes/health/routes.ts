import { timingSafeEqual } from "node:crypto";
import type { Router } from "express";
import { bearerToken } from "../../auth/authenticate.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import type { RouteDependencies } from "../deps.js";
import { Health, MetricsText, Ready } from "./schemas.js";
import { chainHead, checkReady } from "./service.js";

/**
 * /health (alive), /ready (chain reachable and, when an indexer runs, the index caught up) and /metrics.
 * The public answers carry no internals: why the gateway is not ready goes to the log only.
 */
export function healthRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "get",
    path: "/health",
    summary: "The process is alive; the chain's id and head if reachable",
    public: true,
    responses: { 200: { description: "alive", content: { "application/json": { schema: Health } } } },
    handler: async () => {
      const chain = await chainHead(deps.provider).catch(() => ({ chainId: null, blockNumber: null }));
      return ok({ status: "ok", ...chain });
    },
  });

  defineRoute({
    method: "get",
    path: "/ready",
    summary:
      "Ready to serve: the chain node answers and the index is caught up. Public, so it says only that: why not is in the gateway's log",
    public: true,
    responses: {
      200: { description: "`{ ready: true }`", content: { "application/json": { schema: Ready } } },
      503: { description: "not ready: `chain_unreachable` or `index_behind`, nothing else" },
    },
    handler: async () => {
      await checkReady(deps);
      return ok({ ready: true });
    },
  });

  const scraper = deps.metricsToken ? Buffer.from(deps.metricsToken) : undefined;
  const isScraper = (token: string | undefined) =>
    scraper !== undefined &&
    token !== undefined &&
    Buffer.byteLength(token) === scraper.length &&
    timingSafeEqual(Buffer.from(token), scraper);
  defineRoute({
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics, for an auditor's or the secretariat's key, or the scraper's ALLIANCE_METRICS_TOKEN",
    roles: ["auditor", "secretariat"],
    alsoAllow: (req) => isScraper(bearerToken(req)),
    responses: {
      200: { description: "text exposition format", content: { "text/plain": { schema: MetricsText } } },
      401: { description: "no key" },
      403: { description: "not an auditor, the secretariat or the metrics token" },
    },
    handler: async ({ res }) =>
      void res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  });
  return router;
}
