import { Router } from "express";
import { z } from "zod";
import { authenticate } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { memberPerformanceReport } from "../readModel/queries/memberPerformanceReport.js";
import { openApiRegistry, secured, validate } from "../openapi.js";
import { json, Performance } from "../responseSchemas.js";

openApiRegistry.registerPath({
  method: "get",
  path: "/performance",
  summary: "Member performance for a period: offering, hosting, recognition, contributions, contribution index",
  ...secured,
  request: { query: z.object({ periodId: z.string(), threshold: z.string().optional() }) },
  responses: {
    200: {
      description: "one row per member; `creditsAttested` and `creditsRecognised` as on a transcript (2.5)",
      content: json(Performance),
    },
  },
});

/** The member performance report the council's evaluation reads (from the read model). */
export function performanceRoutes(db: Database): Router {
  const router = Router();
  router.get("/performance", authenticate(db), async (req, res) => {
    const q = validate(
      z.object({
        periodId: z.coerce.number().int().positive(),
        threshold: z.coerce.number().min(0).max(2).default(0.5),
      }),
      req.query,
    );
    res.json(await memberPerformanceReport(db, q));
  });
  return router;
}
