import { Router } from "express";
import { apiKeyRoutes } from "./api-keys/routes.js";
import { attestationRoutes } from "./attestations/routes.js";
import { auditRoutes } from "./audit/routes.js";
import { batchRoutes } from "./batches/routes.js";
import { chainWriteRoutes } from "./chain-writes/routes.js";
import { charterRoutes } from "./charter/routes.js";
import { correctionRoutes } from "./corrections/routes.js";
import { costEntryRoutes } from "./cost-entries/routes.js";
import { courseRoutes } from "./courses/routes.js";
import { credentialRoutes } from "./credentials/routes.js";
import type { RouteDependencies } from "./deps.js";
import { federationRoutes } from "./federation/routes.js";
import { healthRoutes } from "./health/routes.js";
import { issuerRoutes } from "./issuers/routes.js";
import { memberRoutes } from "./members/routes.js";
import { performanceRoutes } from "./performance/routes.js";
import { periodRoutes } from "./periods/routes.js";
import { proposalRoutes } from "./proposals/routes.js";
import { recognitionRoutes } from "./recognitions/routes.js";
import { recordRoutes } from "./records/routes.js";
import { relayRoutes } from "./relay/routes.js";
import { sharedResourceRoutes } from "./resources/routes.js";
import { settlementRoutes } from "./settlements/routes.js";
import { shareRoutes } from "./shares/routes.js";

export type { ReadDependencies, RouteDependencies } from "./deps.js";

/** Every resource, in the order the docs list them by default; each registers its operations in `deps.registry`. */
const RESOURCES = [
  healthRoutes,
  credentialRoutes,
  shareRoutes,
  apiKeyRoutes,
  memberRoutes,
  issuerRoutes,
  proposalRoutes,
  charterRoutes,
  batchRoutes,
  costEntryRoutes,
  periodRoutes,
  settlementRoutes,
  courseRoutes,
  sharedResourceRoutes,
  correctionRoutes,
  performanceRoutes,
  auditRoutes,
  relayRoutes,
  recognitionRoutes,
  federationRoutes,
  chainWriteRoutes,
  attestationRoutes,
  recordRoutes,
];

/** The gateway's resource routes in one router. Building it touches no dependency: only requests do. */
export function resourceRoutes(deps: RouteDependencies): Router {
  const router = Router();
  for (const routes of RESOURCES) router.use(routes(deps));
  return router;
}
