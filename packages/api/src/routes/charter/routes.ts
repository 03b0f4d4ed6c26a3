import type { Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { CharterTerms } from "./schemas.js";
import { charterTerms } from "./service.js";

/** The charter's terms the council decided: investment shares and the minimum contribution rule. */
export function charterRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);
  defineRoute({
    method: "get",
    path: "/charter",
    summary:
      "The charter's investment shares, the shares the next period opens with, and the minimum contribution rule, as the council decided them",
    roles: "any",
    responses: { 200: { description: "the decided terms", content: json(CharterTerms) } },
    handler: async () => ok(await charterTerms(deps)),
  });
  return router;
}
