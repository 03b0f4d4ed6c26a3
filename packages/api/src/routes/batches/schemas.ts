import { pageOf } from "../../responseSchemas.js";
import { z } from "zod";
import "../../http/zod.js";
import { bytes32, page } from "../../validators.js";

export const BatchQuery = z.object({ issuerId: z.coerce.number().int().positive().optional(), ...page });
export type BatchQuery = z.infer<typeof BatchQuery>;
export const Batch = z
  .object({
    root: z.string(),
    issuerId: z.number(),
    count: z.number(),
    blockNumber: z.number(),
    anchoredBy: z.string(),
  })
  .openapi("Batch");
export const BatchPage = pageOf(Batch);
export const BatchRoot = z.object({ root: bytes32 });
