import type { ResponseConfig, RouteConfig, ZodContentObject } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import "./zod.js";
import { json } from "../responseSchemas.js";
import { ErrorBody, tagOf } from "./apiDocument.js";

/** The parts of a route definition its OpenAPI operation is made of. */
export interface OperationParts {
  method: RouteConfig["method"];
  path: string;
  summary: string;
  secured: boolean;
  idempotent: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  alsoAccepts?: Record<string, z.ZodType>;
  responses: Record<number, ResponseConfig>;
}

const IdempotencyKeyHeader = z.object({
  "Idempotency-Key": z
    .string()
    .regex(/^[\w.:-]{1,128}$/)
    .openapi({
      param: {
        description: "1-128 letters, digits, . : _ -; reuse it to retry safely (the same answer, never a second write)",
      },
    }),
});

/**
 * The operation as every route declares it the same way, so none can forget a part: an `operationId`
 * (method and path: `postCostEntriesByEntryIdConfirm`), its docs section, `security: []` when it is
 * public, the `Idempotency-Key` header on idempotent writes, and the error body on every 4xx and 5xx,
 * including the errors any secured route can answer.
 */
export function operationOf(parts: OperationParts): RouteConfig {
  const responses: Record<string, ResponseConfig> = { ...parts.responses };
  const fill = (status: number, description: string) => {
    responses[status] ??= { description };
  };
  if (parts.idempotent) fill(409, "refused: `idempotency_key_reused`, `request_in_progress`, or the ledger's rules");
  if (parts.secured) {
    fill(401, "`unauthenticated` or `invalid_api_key`");
    fill(403, "`forbidden`: this key's role or member may not");
    fill(429, "`rate_limited`");
  }
  if (parts.params || parts.query || parts.body || parts.idempotent)
    fill(400, "`validation_failed`, details naming each field");
  for (const [status, response] of Object.entries(responses))
    if (/^[45]/.test(status) && !response.content) responses[status] = { ...response, content: json(ErrorBody) };
  const tag = tagOf(parts.path);
  return {
    method: parts.method,
    path: parts.path,
    operationId: operationIdOf(parts.method, parts.path),
    summary: parts.summary,
    ...(tag ? { tags: [tag] } : {}),
    security: parts.secured ? [{ apiKey: [] }] : [],
    request: {
      ...(parts.params ? { params: parts.params } : {}),
      ...(parts.query ? { query: parts.query } : {}),
      ...(parts.idempotent ? { headers: IdempotencyKeyHeader } : {}),
      ...(parts.body ? { body: { content: { ...json(parts.body), ...mediaTypes(parts.alsoAccepts ?? {}) } } } : {}),
    },
    responses,
  };
}

const mediaTypes = (schemas: Record<string, z.ZodType>): ZodContentObject =>
  Object.fromEntries(Object.entries(schemas).map(([type, schema]) => [type, { schema }]));

/** `post /cost-entries/{entryId}/confirm` → `postCostEntriesByEntryIdConfirm`. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split("/")
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith("{") ? ["by", segment.slice(1, -1)] : segment.split("-")));
  return method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}
