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
