import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import "./zod.js";
import { registerResponseSchemas } from "../responseSchemas.js";

/** The one error body, on every 4xx and 5xx of every operation. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      details: z.array(z.unknown()),
      requestId: z
        .string()
        .openapi({ description: "quote it when you report the error; also the x-request-id header" }),
    }),
  })
  .openapi("Error");

/**
 * A registry for one gateway (or one `npm run openapi`): the shared components are registered here and
 * each resource's routes add their operations as they are defined. Nothing is module-level, so two
 * servers in one process never share (or double) a document.
 */
export function createApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.register("Error", ErrorBody);
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key issued by the secretariat.",
  });
  registerResponseSchemas(registry);
  return registry;
}

/** Sections of the docs, by path prefix, in the order a new user meets them. */
const TAGS: Array<[tag: string, description: string, prefixes: string[]]> = [
  [
    "Attestations and credentials",
    "Submit a term's records, download, verify and share students' credentials",
    ["/attestations", "/credentials", "/shares", "/batches", "/records"],
  ],
  ["Recognition", "A home school's inbox and decisions", ["/recognitions"]],
  [
    "Between gateways",
    "Records flowing from an issuer's gateway to each home school's: manifests and sealed records, for requests signed by a member's gateway key on chain",
    ["/federation"],
  ],
  ["Courses", "The shared catalogue", ["/courses"]],
  [
    "Shared resources",
    "Seconded teachers, labs, equipment, practice bases and collections: publish, request, accept, deliver, confirm, dispute, resolve",
    ["/resources", "/resource-uses"],
  ],
  [
    "Costs, periods and settlements",
    "Contributions, reconciliation, closing and settling a period",
    ["/cost-entries", "/periods", "/settlements"],
  ],
  [
    "Members and council",
    "Applicants, operator keys, council decisions, the charter's terms and each period's member performance",
    ["/members", "/proposals", "/charter", "/performance"],
  ],
  ["Audit", "The gateway's books for auditors", ["/audit"]],
  ["Self-custody", "Relay requests signed with your own key", ["/relay"]],
  ["API keys", "Issue and revoke keys (secretariat)", ["/api-keys"]],
  [
    "Operations",
    "Health, readiness, metrics, and what became of acknowledged chain writes",
    ["/health", "/ready", "/metrics", "/chain-writes"],
  ],
];

/** The docs section a path belongs to, by its prefix. */
export function tagOf(path: string): string | undefined {
  return TAGS.find(([, , prefixes]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`)))?.[0];
}

/** The OpenAPI 3.1 document of everything registered in `registry`. */
export function generateApiDocument(registry: OpenAPIRegistry) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Alliance Ledger gateway",
      version: "0.1.0",
      description:
        'REST gateway for member schools, the secretariat and auditors. Errors are always `{ "error": { "code", "message", "details", "requestId" } }`; every write takes an `Idempotency-Key`.',
    },
    servers: [{ url: "/" }],
    tags: TAGS.map(([name, description]) => ({ name, description })),
  });
}
