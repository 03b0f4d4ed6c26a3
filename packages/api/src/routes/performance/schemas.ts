import { z } from "zod";
import "../../http/zod.js";

export const PerformanceQuery = z.object({
  periodId: z.coerce.number().int().positive(),
});
export type PerformanceQuery = z.infer<typeof PerformanceQuery>;
