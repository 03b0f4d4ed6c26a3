import { z } from "zod";
import "../../http/zod.js";

export const Health = z.object({
  status: z.literal("ok"),
  chainId: z.number().nullable(),
  blockNumber: z.number().nullable(),
});
export const Ready = z.object({ ready: z.literal(true) });
export const MetricsText = z.string();
