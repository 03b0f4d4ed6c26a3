import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { DomainError } from "./errors.js";

extendZodWithOpenApi(z);

/** Every route registers its request and response schemas here: the same zod schemas that validate. */
export const openApiRegistry = new OpenAPIRegistry();

export const ErrorBody = openApiRegistry.register(
  "Error",
  z.object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      details: z.array(z.unknown()),
      requestId: z
        .string()
        .openapi({ description: "quote it when you report the error; also the x-request-id header" }),
    }),
  }),
);

openApiRegistry.registerComponent("securitySchemes", "apiKey", {
  type: "http",
  scheme: "bearer",
  description: "An API key issued by the secretariat.",
});

/** Spread into a path's registration: the route needs an API key. */
export const secured = { security: [{ apiKey: [] }] };

/** Sections of the docs, by path prefix, in the order a new user meets them. */
const TAGS: Array<[tag: string, description: string, prefixes: string[]]> = [
  [
    "Attestations and credentials",
    "Submit a term's records, download and verify students' credentials",
    ["/attestations", "/credentials", "/batches"],
  ],
  ["Recognition", "A home school's inbox and decisions", ["/recognitions"]],
  ["Courses", "The shared catalogue and member performance", ["/courses", "/performance"]],
  [
    "Costs, periods and settlements",
    "Contributions, reconciliation, closing and settling a period",
    ["/cost-entries", "/periods", "/settlements"],
  ],
  ["Members and council", "Applicants, operator keys, council decisions", ["/members", "/proposals"]],
  ["Audit", "The gateway's books for auditors", ["/audit"]],
  ["Self-custody", "Relay requests signed with your own key", ["/relay"]],
  ["API keys", "Issue and revoke keys (secretariat)", ["/api-keys"]],
  [
    "Operations",
    "Health, readiness, metrics, and what became of acknowledged chain writes",
    ["/health", "/ready", "/metrics", "/chain-writes"],
  ],
];

export function openApiDocument() {
  const doc = new OpenApiGeneratorV31(openApiRegistry.definitions).generateDocument({
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
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    const tag = TAGS.find(([, , prefixes]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`)))?.[0];
    for (const [method, op] of Object.entries(operations as Record<string, Operation>)) {
      if (tag && !op.tags?.length) op.tags = [tag];
      completeOperation(method, path, op);
    }
  }
  return doc;
}

interface Operation {
  tags?: string[];
  operationId?: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}

/** Writes that need no Idempotency-Key: issuing and revoking API keys (the secretariat's own), and the public verifier. */
const WRITES_WITHOUT_IDEMPOTENCY_KEY = new Set(["post /api-keys", "delete /api-keys/{id}", "post /credentials/verify"]);
const ERROR_CONTENT = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };

/**
 * What every operation declares the same way, so no route can forget it: an `operationId` (method and
 * path: `postCostEntriesByEntryIdConfirm`), `security: []` when it is public, the `Idempotency-Key`
 * header on writes, the error body on every 4xx and 5xx, and the errors any secured route can answer.
 */
function completeOperation(method: string, path: string, op: Operation) {
  op.operationId ??= operationIdOf(method, path);
  op.security ??= [];
  const secured = op.security.length > 0;
  if (method !== "get" && secured && !WRITES_WITHOUT_IDEMPOTENCY_KEY.has(`${method} ${path}`)) {
    op.parameters = (op.parameters ?? []).filter(
      (p) => !(p.in === "header" && p.name.toLowerCase() === "idempotency-key"),
    );
    op.parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: true,
      description: "1-128 letters, digits, . : _ -; reuse it to retry safely (the same answer, never a second write)",
      schema: { type: "string", pattern: "^[\\w.:-]{1,128}$" },
    } as unknown as { name: string; in: string });
    op.responses["409"] ??= {
      description: "refused: `idempotency_key_reused`, `request_in_progress`, or the ledger's rules",
    };
  }
  if (secured) {
    op.responses["401"] ??= { description: "`unauthenticated` or `invalid_api_key`" };
    op.responses["403"] ??= { description: "`forbidden`: this key's role or member may not" };
    op.responses["429"] ??= { description: "`rate_limited`" };
  }
  if (op.parameters?.length || op.requestBody)
    op.responses["400"] ??= { description: "`validation_failed`, details naming each field" };
  for (const [status, response] of Object.entries(op.responses))
    if (/^[45]/.test(status) && !response.content) response.content = ERROR_CONTENT;
}

/** `post /cost-entries/{entryId}/confirm` → `postCostEntriesByEntryIdConfirm`. */
function operationIdOf(method: string, path: string): string {
  const words = path
    .split("/")
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith("{") ? ["by", segment.slice(1, -1)] : segment.split("-")));
  return method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}

/** Validates `value` with `schema`; a 400 whose details name each field at fault. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DomainError(
    "validation_failed",
    "The request is not valid; see details for each field.",
    result.error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message })),
  );
}
