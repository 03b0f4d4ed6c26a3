import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ApiError } from "./errors.js";

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

openApiRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "An API key issued by the secretariat." });

export function openApiDocument() {
  return new OpenApiGeneratorV31(openApiRegistry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Alliance Ledger gateway", version: "0.1.0", description: "REST gateway for member schools, the secretariat and auditors." },
    servers: [{ url: "/" }],
  });
}

/** Validates `value` with `schema`; a 400 whose details name each field at fault. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ApiError(
    400,
    "validation_failed",
    "The request is not valid; see details for each field.",
    result.error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message })),
  );
}
