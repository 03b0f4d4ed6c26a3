import { z } from "zod";
import "../../http/zod.js";
import { address } from "../../validators.js";

const uint = z.string().regex(/^\d{1,78}$/, "expected a non-negative integer as a decimal string");
export const ForwardRequest = z
  .object({
    from: address,
    to: address,
    value: z.literal("0").openapi({ description: "the alliance contracts take no payments" }),
    gas: uint,
    nonce: uint,
    deadline: z.number().int().positive(),
    data: z.string().regex(/^0x([0-9a-fA-F]{2}){4,}$/, "expected 0x-prefixed calldata with a function selector"),
    signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, "expected a 65-byte signature"),
  })
  .strict()
  .openapi("SignedForwardRequest", {
    description:
      "An ERC-2771 ForwardRequest signed (EIP-712) by one of your school's operator keys; the SDK's signForwardRequest makes one",
  });
