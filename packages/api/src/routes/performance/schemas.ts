import { z } from "zod";
import { periodIdOf } from "../../validators.js";
import "../../http/zod.js";

export const PerformanceQuery = z.object({
  periodId: periodIdOf(true),
});
export type PerformanceQuery = z.infer<typeof PerformanceQuery>;
