import { z } from "zod";
import "../../http/zod.js";

export const PerformanceQuery = z.object({
  periodId: z.coerce.number().int().positive(),
  threshold: z.coerce.number().min(0).max(2).default(0.5),
});
export type PerformanceQuery = z.infer<typeof PerformanceQuery>;
