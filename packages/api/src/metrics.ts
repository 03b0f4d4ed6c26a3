import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Provider } from "ethers";
import type { Database } from "./db/database.js";
import { indexedBlock } from "./indexer/indexChain.js";

/**
 * The gateway's Prometheus metrics, one set per gateway (passed in, never a module singleton, so two
 * gateways in one process or test never share counters): HTTP traffic, and the domain figures an
 * operator watches: the outbox's depth, how far the index trails the chain, failed anchoring runs.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests by route and status",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["method", "route"],
      registers: [registry],
    }),
    anchoringFailures: new Counter({
      name: "alliance_anchoring_failures_total",
      help: "Batcher runs that failed to anchor (retried at the next tick)",
      registers: [registry],
    }),
  };
}

export type GatewayMetrics = ReturnType<typeof createMetrics>;

/** Gauges read when Prometheus scrapes: records waiting in the outbox, and blocks the index trails the chain by. */
export function registerDomainGauges(metrics: GatewayMetrics, p: { db: Database; provider: Provider }) {
  new Gauge({
    name: "alliance_outbox_depth",
    help: "Accepted attestations not yet anchored, by status (pending: waiting for a batch; anchoring: batch sent)",
    labelNames: ["status"],
    registers: [metrics.registry],
    async collect() {
      // Pending rows through their partial index; rows being anchored are exactly their batches' counts.
      const [[pending], [anchoring]] = await Promise.all([
        p.db.query<{ n: number | string }>(
          "metrics.outboxPending",
          "SELECT COUNT(*) AS n FROM outbox_attestations WHERE status = 'pending'",
        ),
        p.db.query<{ n: number | string | null }>(
          "metrics.outboxAnchoring",
          "SELECT SUM(count) AS n FROM outbox_batches WHERE status IN ('placed', 'anchoring')",
        ),
      ]);
      this.reset();
      this.set({ status: "pending" }, Number(pending?.n ?? 0));
      this.set({ status: "anchoring" }, Number(anchoring?.n ?? 0));
    },
  });
  new Gauge({
    name: "alliance_indexer_lag_blocks",
    help: "Blocks the gateway's index trails the chain's head by (-1 when the node does not answer)",
    registers: [metrics.registry],
    async collect() {
      const head = await p.provider.getBlockNumber().catch(() => undefined);
      this.set(head === undefined ? -1 : Math.max(0, head - (await indexedBlock(p.db))));
    },
  });
}
