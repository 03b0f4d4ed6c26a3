import { pageOf } from "../../responseSchemas.js";
import { z } from "zod";
import "../../http/zod.js";
import { address, page } from "../../validators.js";

export const KINDS = { university: 0, vocationalCollege: 1, enterprise: 2, governmentBody: 3 } as const;

export const Member = z
  .object({
    memberId: z.number(),
    name: z.string(),
    region: z.string(),
    kind: z.number(),
    status: z.enum(["none", "pending", "active", "suspended", "withdrawn"]),
    registeredAtBlock: z.number(),
    statusChangedAtBlock: z.number(),
    operators: z.array(z.string()),
  })
  .openapi("Member");
export const MemberPage = pageOf(Member);
export const MemberQuery = z.object({
  status: z.enum(["pending", "active", "suspended", "withdrawn"]).optional(),
  ...page,
});
export type MemberQuery = z.infer<typeof MemberQuery>;
export const MemberId = z.object({
  memberId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 32 - 1),
});

export const RegisterApplicant = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(Object.keys(KINDS) as [keyof typeof KINDS]),
    region: z.string().max(200),
    operator: address,
  })
  .strict()
  .openapi("RegisterApplicant");
export const RotateKeys = z
  .object({ add: address.optional(), remove: address.optional() })
  .strict()
  .refine((b) => b.add || b.remove, {
    message: "give `add`, `remove` or both (add first, so the school is never without a key)",
    path: ["add"],
  })
  .openapi("RotateOperatorKeys");
