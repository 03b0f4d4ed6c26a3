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
export const BatchCredentialsQuery = z.object({
  format: z.enum(["json", "zip"]).optional().openapi({
    description: "`zip` for one zip archive of the files (as `Accept: application/zip`); default JSON",
  }),
});
export const CredentialArchive = z.string().openapi("CredentialArchive", {
  format: "binary",
  description:
    "a zip archive: one credential file per record, named by course code and 1-based place in the batch (`CS201-01.json`, never the student's reference)",
});
