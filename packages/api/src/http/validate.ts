import type { z } from "zod";
import { DomainError } from "../errors.js";

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
