import { pageOf } from "../../responseSchemas.js";
import { z } from "zod";
import "../../http/zod.js";
import { bytes32, page } from "../../validators.js";

const STATUSES = ["on_chain", "resending", "needs_person", "resolved"] as const;
export const Resolve = z
  .object({
    note: z.string().min(1).max(500).openapi({
      description: "what was decided instead, for the caller and the auditor (e.g. the correcting entry's reference)",
    }),
  })
  .strict()
  .openapi("ResolveChainWrite");
export const ChainWrite = z
  .object({
    id: z
      .string()
      .openapi({ description: "the hash of the write's first transaction; stays its id when it is sent again" }),
    route: z.string(),
    idempotencyKey: z.string(),
    status: z.enum(STATUSES).openapi({
      description:
        "on_chain: the chain has it; resending: the node lost it and the gateway is sending it again; needs_person: it can no longer apply (see `reason`)",
    }),
    transactionHash: z.string().openapi({ description: "the transaction that carries it now" }),
    blockNumber: z.number().optional(),
    resent: z.number().openapi({ description: "how many times it was sent again after a node lost it" }),
    reason: z.string().optional(),
    acknowledgedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("ChainWrite");
export const ChainWritePage = pageOf(ChainWrite);
export const ChainWriteQuery = z.object({
  status: z.enum(STATUSES).optional(),
  idempotencyKey: z.string().max(128).optional(),
  ...page,
});
export type ChainWriteQuery = z.infer<typeof ChainWriteQuery>;
export const ChainWriteId = z.object({ id: bytes32 });
