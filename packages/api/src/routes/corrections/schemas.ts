import { z } from "zod";
import "../../http/zod.js";

const reasonCode = z
  .number()
  .int()
  .min(1)
  .max(65_535)
  .openapi({ description: "non-zero code from the alliance's reason list" });
export const Revoke = z.object({ reasonCode }).strict().openapi("RevokeAttestation");
export const Supersede = z
  .object({
    replacementId: z
      .string()
      .min(1)
      .max(100)
      .openapi({ description: "id of the corrected record, submitted and anchored first" }),
    reasonCode,
  })
  .strict()
  .openapi("SupersedeAttestation");
export const AttestationId = z.object({ id: z.string() });
