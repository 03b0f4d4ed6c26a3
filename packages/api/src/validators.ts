import { z } from "zod";
import { getAddress, isAddress } from "ethers";

/** Money as whole minor units: a decimal string, or a JSON integer small enough to be exact. Never a float. */
export const minorUnits = z
  .union([z.string().regex(/^\d{1,18}$/, 'expected whole minor units, e.g. "125000"'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => BigInt(v));

export const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x and 64 hex digits");

/** An account address; mixed case must carry a valid EIP-55 checksum. Normalised to checksum case. */
export const address = z
  .string()
  .refine((a) => /^0x[0-9a-fA-F]{40}$/.test(a) && isAddress(a), "expected 0x and 40 hex digits (in mixed case, a valid EIP-55 checksum)")
  .transform((a) => getAddress(a));

/** Pagination shared by every list: `limit` (1-500, default 50) and `offset`. */
export const page = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) };
