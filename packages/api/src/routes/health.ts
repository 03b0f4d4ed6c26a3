import { timingSafeEqual } from "node:crypto";
import { Router, type Request, type Response } from "express";
import type { Logger } from "pino";
import { authenticate, bearerToken, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { indexedBlock } from "../indexer/indexChain.js";
import type { Provider } from "ethers";
import type { GatewayMetrics } from "../metrics.js";
import { ERROR_STATUS, errorBody } from "../errors.js";
import { z } from "zod";
import { openApiRegistry, secured } from "../openapi.js";

const Health = z.object({
  status: z.literal("ok"),
  chainId: z.number().nullable(),
  blockNumber: z.number().nullable(),
});
openApiRegistry.registerPath({
  method: "get",
  path: "/health",
  summary: "The process is alive; the chain's id and head if reachable",
  responses: { 200: { description: "alive", content: { "application/json": { schema: Health } } } },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/ready",
  summary:
    "Ready to serve: the chain node answers and the index is caught up. Public, so it says only that: why not is in the gateway's log",
  responses: {
    200: {
      description: "`{ ready: true }`",
      content: { "application/json": { schema: z.object({ ready: z.literal(true) }) } },
    },
    503: { description: "not ready: `chain_unreachable` or `index_behind`, nothing else" },
  },
});
openApiRegistry.registerPath({
  method: "get",
  path: "/metrics",
  summary: "Prometheus metrics, for an auditor's or the secretariat's key, or the scraper's ALLIANCE_METRICS_TOKEN",
  ...secured,
  responses: {
    200: { description: "text exposition format", content: { "text/plain": { schema: z.string() } } },
    401: { description: "no key" },
    403: { description: "not an auditor, the secretariat or the metrics token" },
  },
});

/** Blocks the index may trail the chain head and still count as caught up. */
const MAX_INDEX_LAG = 2;

export interface HealthDependencies {
  provider: Provider;
  db: Database;
  /** True when an indexer runs: /ready then also waits for the index. */
  indexing: boolean;
  logger: Logger;
  metrics: GatewayMetrics;
  metricsToken?: string;
}

/**
 * /health (alive), /ready (chain reachable and, when an indexer runs, the index caught up) and /metrics.
 * The public answers carry no internals: why the gateway is not ready (the node's URL, its error) goes
 * to the log only.
 */
export function healthRoutes(deps: HealthDependencies): Router {
  const router = Router();
  const { provider } = deps;
  const head = async () => {
    const [network, blockNumber] = await Promise.all([provider.getNetwork(), provider.getBlockNumber()]);
    return { chainId: Number(network.chainId), blockNumber };
  };
  const notReady = (code: "chain_unreachable" | "index_behind", message: string, requestId: unknown) =>
    errorBody(code, message, [], requestId);
  router.get("/health", async (_req, res) => {
    const chain = await head().catch(() => ({ chainId: null, blockNumber: null }));
    res.json({ status: "ok", ...chain });
  });
  router.get("/ready", async (_req, res) => {
    let chain: Awaited<ReturnType<typeof head>>;
    try {
      chain = await head();
    } catch (error) {
      deps.logger.warn(
        {
          reason: String((error as Error).message)
            .split("\n")[0]
            .slice(0, 300),
        },
        "not ready: the chain node does not answer",
      );
      res
        .status(ERROR_STATUS.chain_unreachable)
        .json(notReady("chain_unreachable", "The chain node does not answer.", res.getHeader("x-request-id")));
      return;
    }
    if (deps.indexing) {
      const indexed = await indexedBlock(deps.db);
      if (chain.blockNumber - indexed > MAX_INDEX_LAG) {
        deps.logger.warn(
          { indexedBlock: indexed, chainBlock: chain.blockNumber },
          "not ready: the index is behind the chain",
        );
        res
          .status(ERROR_STATUS.index_behind)
          .json(notReady("index_behind", "The index is catching up with the chain.", res.getHeader("x-request-id")));
        return;
      }
    }
    res.json({ ready: true });
  });
  const scraper = deps.metricsToken ? Buffer.from(deps.metricsToken) : undefined;
  const isScraper = (token: string | undefined) =>
    scraper !== undefined &&
    token !== undefined &&
    Buffer.byteLength(token) === scraper.length &&
    timingSafeEqual(Buffer.from(token), scraper);
  const serveMetrics = async (_req: Request, res: Response) =>
    void res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  // The scraper's token skips to the second route; anyone else needs an auditor's or the secretariat's key.
  router.get(
    "/metrics",
    (req, _res, next) => next(isScraper(bearerToken(req)) ? "route" : undefined),
    authenticate(deps.db),
    requireRole("auditor", "secretariat"),
    serveMetrics,
  );
  router.get("/metrics", serveMetrics);
  return router;
}
