import type { RouteDependencies } from "./routes/deps.js";
import { resourceRoutes } from "./routes/index.js";
import { createApiRegistry, generateApiDocument } from "./http/apiDocument.js";

/**
 * The gateway's OpenAPI document without a node, a database or a server (`npm run openapi`): the routes
 * are declared exactly as `createServer` declares them, with dependencies that fail if anything calls
 * them, which nothing does until a request comes.
 */
export function openApiDocument() {
  const registry = createApiRegistry();
  resourceRoutes({
    db: unavailable("db"),
    provider: unavailable("provider"),
    reader: unavailable("reader"),
    signers: unavailable("signers"),
    relayer: undefined,
    loadBatch: unavailable("loadBatch"),
    registry,
    logger: unavailable("logger"),
    metrics: unavailable("metrics"),
    indexing: false,
    issuerKeys: unavailable("issuerKeys"),
  } satisfies RouteDependencies);
  return generateApiDocument(registry);
}

/** A stand-in that throws on any use, so describing the routes can never quietly depend on it. */
function unavailable<T>(name: string): T {
  const refuse = () => {
    throw new Error(`${name} is not available while only describing the API`);
  };
  return new Proxy(refuse, { get: refuse, apply: refuse, construct: refuse }) as T;
}
