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
    for (const op of Object.values(operations as Record<string, { tags?: string[] }>))
      if (tag && !op.tags?.length) op.tags = [tag];
  }
  return doc;
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
