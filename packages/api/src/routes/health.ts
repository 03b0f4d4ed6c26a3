import { Router } from "express";
import type { Database } from "../db/database.js";
import { indexedBlock } from "../indexer/indexChain.js";
import type { Provider } from "ethers";
import { Registry, collectDefaultMetrics, Counter, Histogram } from "prom-client";
import { z } from "zod";
import { openApiRegistry } from "../openapi.js";

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });
export const httpRequests = new Counter({ name: "http_requests_total", help: "HTTP requests by route and status", labelNames: ["method", "route", "status"], registers: [metricsRegistry] });
export const httpDuration = new Histogram({ name: "http_request_duration_seconds", help: "HTTP request duration", labelNames: ["method", "route"], registers: [metricsRegistry] });

const Health = z.object({ status: z.literal("ok"), chainId: z.number().nullable(), blockNumber: z.number().nullable() });
openApiRegistry.registerPath({ method: "get", path: "/health", summary: "The process is alive; the chain's id and head if reachable", responses: { 200: { description: "alive", content: { "application/json": { schema: Health } } } } });
openApiRegistry.registerPath({ method: "get", path: "/ready", summary: "Ready to serve: the chain node answers and the index is caught up", responses: { 200: { description: "ready" }, 503: { description: "not ready" } } });
openApiRegistry.registerPath({ method: "get", path: "/metrics", summary: "Prometheus metrics", responses: { 200: { description: "text exposition format" } } });

/** Blocks the index may trail the chain head and still count as caught up. */
const MAX_INDEX_LAG = 2;

/** /health (alive), /ready (chain reachable and, when an indexer runs, the index caught up) and /metrics. */
export function healthRoutes(provider: Provider, index?: { db: Database }): Router {
  const router = Router();
  const head = async () => {
    const [network, blockNumber] = await Promise.all([provider.getNetwork(), provider.getBlockNumber()]);
    return { chainId: Number(network.chainId), blockNumber };
  };
  router.get("/health", async (_req, res) => {
    const chain = await head().catch(() => ({ chainId: null, blockNumber: null }));
    res.json({ status: "ok", ...chain });
  });
  router.get("/ready", async (_req, res) => {
    try {
      const chain = await head();
      if (index) {
        const indexed = await indexedBlock(index.db);
        if (chain.blockNumber - indexed > MAX_INDEX_LAG) {
          res.status(503).json({ error: { code: "index_behind", message: `The index is at block ${indexed}; the chain is at ${chain.blockNumber}.`, details: [{ indexedBlock: indexed, ...chain }] } });
          return;
        }
        res.json({ ready: true, indexedBlock: indexed, ...chain });
        return;
      }
      res.json({ ready: true, ...chain });
    } catch (error) {
      res.status(503).json({ error: { code: "chain_unreachable", message: "The chain node does not answer.", details: [String((error as Error).message).split("\n")[0]] } });
    }
  });
  router.get("/metrics", async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  return router;
}
