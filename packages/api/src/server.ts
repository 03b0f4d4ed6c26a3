import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { type Express } from "express";
import helmet from "helmet";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import type { Provider } from "ethers";
import type { Logger } from "pino";
import type { AllianceClient } from "@alliance-ledger/sdk";
import type { Database } from "./db/database.js";
import { identifyApiKey } from "./auth/authenticate.js";
import type { TrustProxy } from "./config.js";
import { ERROR_STATUS, errorBody, errorHandler, notFound } from "./errors.js";
import { createApiRegistry, generateApiDocument } from "./http/apiDocument.js";
import { primeCatalog } from "./outbox/checkCatalog.js";
import { createMetrics, registerDomainGauges, type GatewayMetrics } from "./metrics.js";
import { pinoHttp } from "pino-http";
import { createBatchLoader } from "./outbox/loadBatch.js";
import { SECRETARIAT_SIGNER } from "./custody/custodialSigner.js";
import { resourceRoutes } from "./routes/index.js";
import { indexChain } from "./indexer/indexChain.js";
import { webConsole } from "./http/webConsole.js";
import { createIssuerKeys } from "./issuers/issuerKeys.js";

export interface ServerDependencies {
  db: Database;
  provider: Provider;
  /** A read-only client of the alliance contracts. */
  reader: AllianceClient;
  logger: Logger;
  /** Custodial signing keys by member id (the gateway signs for members without their own tooling); 0 is the secretariat's. */
  signers?: Map<number, AllianceClient>;
  /** Submits members' self-signed requests through the forwarder; defaults to the secretariat's custodial key, else any custodial key (gas is free; the account must be allowlisted). */
  relayer?: AllianceClient;
  /** True when an indexer keeps the index current: /ready then also waits for it. */
  indexing?: boolean;
  /** Requests per minute per API key (per client address for requests without a valid key); default 600. */
  rateLimitPerMinute?: number;
  /** Express `trust proxy`: which reverse proxies' X-Forwarded-For names the client (default: none). */
  trustProxy?: TrustProxy;
  /** A bearer token that may read /metrics besides auditor and secretariat keys (for a Prometheus scraper). */
  metricsToken?: string;
  /** The gateway's metrics, shared with its batcher (default: a new set). */
  metrics?: GatewayMetrics;
  /** Encrypts member schools' credential-signing keys at rest; without it the gateway signs no credential. */
  keyPassphrase?: string;
  /** Where the public reaches this gateway (default http://127.0.0.1:3000): its host names the members' did:web DIDs. */
  publicUrl?: string;
  /**
   * The origin of links handed to the public (share links and their QR codes) when the operator named
   * one (ALLIANCE_PUBLIC_URL); otherwise each request's own, as the registrar reached the gateway.
   */
  linkOrigin?: string;
}

/**
 * The gateway as an Express app, every dependency passed in (no module-level singletons): request ids,
 * security headers, rate limiting, structured request logs and metrics, the resource routes, the
 * OpenAPI document generated from the validating schemas, and one error shape.
 */
export function createServer(deps: ServerDependencies): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", deps.trustProxy ?? false);
  const metrics = deps.metrics ?? createMetrics();
  registerDomainGauges(metrics, { db: deps.db, provider: deps.provider });
  app.use((req, res, next) => {
    const requestId = /^[\w-]{1,64}$/.test(req.get("x-request-id") ?? "") ? req.get("x-request-id")! : randomUUID();
    res.setHeader("x-request-id", requestId);
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on("finish", () => {
      const route = req.route?.path ?? "unmatched";
      end({ route });
      metrics.httpRequests.inc({ method: req.method, route, status: res.statusCode });
    });
    next();
  });
  // One log line per request: method, path, status, duration, the calling member. Never the body or
  // the query string: they carry student data and keys.
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (_req, res) => String(res.getHeader("x-request-id")),
      serializers: {
        req: (req: { id: string; method: string; raw: { path: string } }) => ({
          id: req.id,
          method: req.method,
          path: req.raw.path,
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customProps: (req) => (req.apiKey ? { role: req.apiKey.role, member: req.apiKey.memberId ?? undefined } : {}),
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
      customSuccessMessage: () => "request",
      customErrorMessage: () => "request failed",
    }),
  );
  // No `upgrade-insecure-requests`: a school's intranet reaches the gateway by host name over plain HTTP,
  // where upgrading every asset to HTTPS leaves the page blank.
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { "script-src": ["'self'"], "upgrade-insecure-requests": null } },
    }),
  );
  // Each valid API key has its own bucket (schools behind one proxy or NAT do not share); requests
  // without a valid key are counted by client address (X-Forwarded-For only from a trusted proxy).
  // The key is looked up from the header alone: no body is read before authentication (routes read
  // JSON after `authenticate`, rosters as a stream).
  app.use(identifyApiKey(deps.db));
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: deps.rateLimitPerMinute ?? 600,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      keyGenerator: (req) => (req.apiKey ? `key:${req.apiKey.id}` : `ip:${ipKeyGenerator(req.ip ?? "unknown")}`),
      handler: (_req, res) =>
        void res
          .status(ERROR_STATUS.rate_limited)
          .json(
            errorBody(
              "rate_limited",
              "Too many requests; slow down and retry after the time in the RateLimit header.",
              [],
              res.getHeader("x-request-id"),
            ),
          ),
    }),
  );

  // Writes answer once the read model has them (see idempotentChainWrite): lists then show them at once.
  app.locals.catchUpReadModel = () =>
    indexChain({ db: deps.db, provider: deps.provider, addresses: deps.reader.addresses });
  const signers = deps.signers ?? new Map<number, AllianceClient>();
  // Recent anchored batches' trees, this gateway's own (rebuilt per request they would cost a tree each).
  const loadBatch = createBatchLoader();
  // A running gateway learns the whole catalogue at start, so it can still vet rosters while its node is down.
  if (deps.indexing)
    void primeCatalog(deps.reader).catch((error: Error) =>
      deps.logger.warn(
        { err: error.message.split("\n")[0] },
        "could not read the catalogue at start; it is read as rosters name courses",
      ),
    );
  // One registry per server: each route registers its operation as it is defined, and the document
  // served is generated from it once, on first request.
  const registry = createApiRegistry();
  const issuerKeys = createIssuerKeys({
    db: deps.db,
    passphrase: deps.keyPassphrase,
    publicUrl: deps.publicUrl ?? "http://127.0.0.1:3000",
    reader: deps.reader,
    signers,
  });
  if (deps.indexing)
    void issuerKeys.publishMissing().then(
      ({ failed }) => {
        for (const f of failed)
          deps.logger.warn(
            { err: f.error, memberId: f.memberId },
            "could not publish a credential-signing key's fingerprint; retried at the key's next use",
          );
      },
      (error: Error) => deps.logger.warn({ err: error }, "could not read the issuer keys to publish"),
    );
  const routes = resourceRoutes({
    db: deps.db,
    provider: deps.provider,
    reader: deps.reader,
    signers,
    relayer: deps.relayer ?? signers.get(SECRETARIAT_SIGNER) ?? signers.values().next().value,
    loadBatch,
    registry,
    logger: deps.logger,
    metrics,
    indexing: deps.indexing ?? false,
    metricsToken: deps.metricsToken,
    issuerKeys,
    linkOrigin: deps.linkOrigin,
  });
  let document: ReturnType<typeof generateApiDocument> | undefined;
  const apiDocument = () => {
    document ??= generateApiDocument(registry);
    return document;
  };
  app.get("/openapi.json", (_req, res) => void res.json(apiDocument()));
  // Swagger UI from the installed package (no CDN: the docs work offline); our own init script keeps the CSP strict.
  app.get("/docs", (_req, res) => void res.type("html").send(docsPage(apiDocument())));
  app.get("/docs/init.js", (_req, res) => void res.type("js").send(SWAGGER_INIT));
  app.use("/docs/assets", express.static(SWAGGER_UI_DIR, { index: false, maxAge: "1d" }));
  app.use(routes);
  // The console and the verifier page: their paths (/, /verify, /console/…) are none of the API's.
  app.use(webConsole());

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}

const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", persistAuthorization: false, tryItOutEnabled: false });\n`;

/**
 * Interactive docs (Swagger UI over /openapi.json: "Authorize" takes your API key), with every route
 * also listed as plain HTML for readers without JavaScript.
 */
function docsPage(doc: ReturnType<typeof generateApiDocument>): string {
  const rows = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, { summary?: string; security?: unknown[] }>).map(
      ([method, op]) =>
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${path}</code></td><td>${op.summary ?? ""}</td><td>${op.security ? "API key" : "public"}</td></tr>`,
    ),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Alliance Ledger API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<noscript><h1>Alliance Ledger gateway</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are always <code>{"error":{"code","message","details","requestId"}}</code>.</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th><th>auth</th></tr></thead><tbody>${rows.join("")}</tbody></table></noscript>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;
}
