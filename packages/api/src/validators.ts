import { z } from "zod";
import { getAddress, isAddress } from "ethers";
import "./http/zod.js"; // extends zod with .openapi() before the schemas below use it

/** Money as whole minor units: a decimal string, or a JSON integer small enough to be exact. Never a float. */
export const minorUnits = z
  .union([
    z.string().regex(/^\d{1,18}$/, 'expected whole minor units, e.g. "125000"'),
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform((v) => BigInt(v));

export const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x and 64 hex digits");

/** An account address; mixed case must carry a valid EIP-55 checksum. Normalised to checksum case. */
export const address = z
  .string()
  .refine(
    (a) => /^0x[0-9a-fA-F]{40}$/.test(a) && isAddress(a),
    "expected 0x and 40 hex digits (in mixed case, a valid EIP-55 checksum)",
  )
  .transform((a) => getAddress(a));

/** Pagination shared by every list: `limit` (1-500, default 50) and `offset`. */
export const page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

/**
 * Credits as on a transcript, on every interface of the gateway: a JSON number or string with at most
 * two decimals, above zero ("2.5", 3). Converted to the ledger's hundredths of a credit (250, 300).
 */
export const decimalCredits = (maxHundredths = 4_294_967_295) =>
  z
    .union([z.string(), z.number()])
    .transform((v, ctx) => {
      const hundredths = creditsToHundredths(v);
      if (hundredths === undefined || hundredths < 1 || hundredths > maxHundredths) {
        ctx.addIssue({
          code: "custom",
          message: `expected credits as on a transcript, above 0 and at most ${hundredthsToCredits(maxHundredths)}, with at most two decimals (e.g. 2.5 or "3")`,
        });
        return z.NEVER;
      }
      return hundredths;
    })
    .openapi({
      description: "credits as on a transcript (at most two decimals, above 0); a number or a decimal string",
      example: 2.5,
    });

/** "2.5" or 2.5 as 250 hundredths; undefined unless a plain decimal with at most two decimals. */
export function creditsToHundredths(value: string | number): number | undefined {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const match = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(text);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : undefined;
}

/** The ledger's hundredths as credits on a transcript: 250 is 2.5 (a JSON number, never rounded). */
export const hundredthsToCredits = (hundredths: number | bigint) => Number(hundredths) / 100;

/**
 * A budget period's id: positive, and no larger than the databases' INTEGER columns hold (2^31 - 1; a
 * chain with more periods than that is centuries away), so a large id is a 400, never a 500.
 */
export const periodIdOf = (coerce: boolean) =>
  (coerce ? z.coerce.number() : z.number())
    .int()
    .positive()
    .max(2 ** 31 - 1, "expected a period id no larger than 2147483647");
