import { z } from "zod";
import "../../http/zod.js";
import { MemberId } from "../members/schemas.js";

export const StatusListId = MemberId.extend({
  list: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 20),
});

export const IssuerKey = z
  .object({
    id: z.string().openapi({ example: "did:web:127.0.0.1%3A3000:members:1#key-1" }),
    publicKeyMultibase: z.string(),
    fingerprint: z.string().openapi({ description: "SHA-256 of publicKeyMultibase, as the ledger records it" }),
    createdAt: z.string(),
    current: z.boolean().openapi({ description: "the key that signs new credentials" }),
  })
  .openapi("IssuerKey");

export const IssuerKeyList = z.object({ did: z.string(), items: z.array(IssuerKey) }).openapi("IssuerKeyList");

/** did:web and status list documents are JSON-LD: documented loosely, shaped by their standards. */
export const JsonLdDocument = z.object({}).passthrough().openapi("JsonLdDocument");
