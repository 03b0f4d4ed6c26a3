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
    summary: "Member performance for a period: offering, hosting, recognition, contributions, contribution index",
    roles: "any",
    query: PerformanceQuery,
    responses: {
      200: {
        description: "one row per member; `creditsAttested` and `creditsRecognised` as on a transcript (2.5)",
        content: json(Performance),
      },
    },
    handler: async ({ query, caller }) => ok(await memberPerformanceReport(deps, query, caller)),
  });
  return router;
}
