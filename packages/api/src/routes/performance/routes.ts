import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { json, Performance } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { PerformanceQuery } from "./schemas.js";
import { memberPerformanceReport } from "./service.js";

/** The member performance report the council's evaluation reads. */
export function performanceRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);
  defineRoute({
    method: "get",
    path: "/performance",
    summary:
      "Member performance in one period: courses offered, students hosted, credits recognised, recognitions decided, resource uses hosted and made, contributions and income, the contract's contribution index and whether it fell below the charter's minimum",
    roles: "any",
    query: PerformanceQuery,
    responses: {
      200: {
        description:
          "one row per member of the period; `creditsRecognised` as on a transcript (2.5); amounts in minor units",
        content: json(Performance),
      },
      404: { description: "`period_not_found`" },
    },
    handler: async ({ query, caller }) => ok(await memberPerformanceReport(deps, query, caller)),
  });
  return router;
}
