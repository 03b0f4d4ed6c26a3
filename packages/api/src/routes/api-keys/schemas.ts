import { z } from "zod";
import "../../http/zod.js";
import { Role } from "../../auth/apiKeys.js";

export const CreateApiKey = z
  .object({
    label: z.string().trim().min(1).max(100).openapi({ example: "Tianjin University registrar" }),
    role: Role,
    memberId: z.number().int().positive().optional(),
  })
  .strict()
  .refine((k) => (k.role === "member") === (k.memberId !== undefined), {
    message: "a member key needs memberId; other roles must not have one",
    path: ["memberId"],
  })
  .openapi("CreateApiKey");
export const CreatedApiKey = z.object({
  id: z.string(),
  key: z.string().openapi({ description: "Shown once: store it now." }),
});
export const ApiKeyId = z.object({ id: z.string() });
export const ApiKeySelf = z
  .object({
    id: z.string().openapi({ description: "the key's id (what DELETE /api-keys/{id} takes); never the key itself" }),
    label: z.string(),
    role: Role,
    memberId: z.number().nullable().openapi({ description: "the member a member key acts for; null for other roles" }),
    memberName: z.string().nullable().openapi({
      description:
        "that member's registered name (from the index, else the registry on chain); null for other roles, or when neither knows the member",
      example: "Tianjin University",
    }),
  })
  .openapi("ApiKeySelf");
