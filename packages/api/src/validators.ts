import { z } from "zod";

/** Money as whole minor units: a decimal string, or a JSON integer small enough to be exact. Never a float. */
export const minorUnits = z
  .union([z.string().regex(/^\d{1,18}$/, 'expected whole minor units, e.g. "125000"'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => BigInt(v));

export const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x and 64 hex digits");
