import type { OpenAPIRegistry, ResponseConfig } from "@asteasolutions/zod-to-openapi";
import express, { Router, type Request, type RequestHandler, type Response } from "express";
import type { z } from "zod";
import type { ApiKeyRecord, Role } from "../auth/apiKeys.js";
import { authenticate, requireRole } from "../auth/authenticate.js";
import type { Database } from "../db/database.js";
import { operationOf } from "./operation.js";
import { validate } from "./validate.js";

/** What a handler answers: a status and a JSON body (none for 204). */
export interface Reply {
  status: number;
  body?: unknown;
}
/** A 200 with `body`. */
export const ok = (body: unknown): Reply => ({ status: 200, body });

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type Params = z.ZodObject | undefined;
type Body = z.ZodType | undefined;

/** The validated input a handler reads, and the request and response for what a schema cannot say. */
export interface RouteInput<P extends Params, Q extends Params, B extends Body, R = Out<B>> {
  params: Out<P>;
  query: Out<Q>;
  /** The body as `body` validates it, or as `readBody` reads it. */
  body: R;
  /** Kept for what reads the raw request (the idempotency key, streamed uploads); never for input. */
  req: Request;
  /** For answers that are not JSON (a report byte for byte, a download); the handler then returns nothing. */
  res: Response;
}

interface RouteSpec<P extends Params, Q extends Params, B extends Body, R> {
  method: "get" | "post" | "put" | "delete";
  /** Written once, OpenAPI style (`/courses/{courseId}`); mounted Express style (`/courses/:courseId`). */
  path: `/${string}`;
  summary: string;
  params?: P;
  query?: Q;
  /** A JSON body, validated before the handler runs. */
  body?: B;
  /** Other media types the body may come as, documented; `readBody` reads them. */
  alsoAccepts?: Record<string, z.ZodType>;
  /**
   * How the body is read and validated, when not simply `validate(req.body)` (a streamed CSV roster); the
   * handler gets what it returns (a dry run's findings, say: `body` then only documents what is sent).
   */
  readBody?: (req: Request, validate: (raw: unknown) => Out<B>) => R | Promise<R>;
  responses: Record<number, ResponseConfig>;
}

/** A route that needs an API key: `"any"` role, or one of `roles`. */
export interface SecuredRoute<P extends Params, Q extends Params, B extends Body, R = Out<B>>
  extends RouteSpec<P, Q, B, R> {
  public?: false;
  roles: readonly Role[] | "any";
  /** Writes take an Idempotency-Key (documented); only a write that does not use one says `false`. */
  idempotent?: boolean;
  /** Checks who may act on the validated path, before the body is read (a 403 comes before a 400). */
  authorize?: (input: { params: Out<P>; query: Out<Q>; caller: ApiKeyRecord }) => void;
  /** Requests this accepts skip the key check (a Prometheus scraper's token); their `caller` is absent. */
  alsoAllow?: (req: Request) => boolean;
  handler: (input: RouteInput<P, Q, B, R> & { caller: ApiKeyRecord }) => Promise<Reply | undefined>;
}

/** A route anyone may call; it says so in the document (`security: []`). */
export interface PublicRoute<P extends Params, Q extends Params, B extends Body, R = Out<B>>
  extends RouteSpec<P, Q, B, R> {
  public: true;
  /** The largest JSON body read (no key vouches for the caller, so keep it small); default 100kb. */
  bodyLimit?: string;
  handler: (input: RouteInput<P, Q, B, R>) => Promise<Reply | undefined>;
}

export type DefineRoute = <
  P extends Params = undefined,
  Q extends Params = undefined,
  B extends Body = undefined,
  R = Out<B>,
>(
  route: SecuredRoute<P, Q, B, R> | PublicRoute<P, Q, B, R>,
) => void;

/**
 * A resource's router and the `defineRoute` that fills it: each definition mounts its Express route
 * (key and role checks, validation of params, query and body) and registers its OpenAPI operation in
 * `registry` from the same schemas, so a path, a role or a schema is written once and cannot drift.
 */
export function resourceRouter(deps: { db: Database; registry: OpenAPIRegistry }): {
  router: Router;
  defineRoute: DefineRoute;
} {
  const router = Router();
  const defineRoute: DefineRoute = (route) => {
    const secured = !route.public;
    deps.registry.registerPath(
      operationOf({
        ...route,
        secured,
        idempotent: !route.public && (route.idempotent ?? route.method !== "get"),
      }),
    );
    const path = route.path.replace(/\{(\w+)\}/g, ":$1");
    const serve = answer(route);
    if (route.public) {
      router[route.method](path, ...(route.body ? [express.json({ limit: route.bodyLimit ?? "100kb" })] : []), serve);
      return;
    }
    const guard = [authenticate(deps.db), ...(route.roles === "any" ? [] : [requireRole(...route.roles)])];
    const { alsoAllow } = route;
    if (!alsoAllow) return void router[route.method](path, ...guard, serve);
    // Those it allows skip to the second, unguarded route; it lets no one else through.
    router[route.method](path, (req, _res, next) => next(alsoAllow(req) ? "route" : undefined), ...guard, serve);
    router[route.method](path, (req, _res, next) => next(alsoAllow(req) ? undefined : "route"), serve);
  };
  return { router, defineRoute };
}

/** The Express handler: validated input in, the handler's reply out; a thrown DomainError goes to the error handler. */
function answer<P extends Params, Q extends Params, B extends Body, R>(
  route: SecuredRoute<P, Q, B, R> | PublicRoute<P, Q, B, R>,
): RequestHandler {
  return async (req, res) => {
    const params = (route.params ? validate(route.params, req.params) : undefined) as Out<P>;
    const query = (route.query ? validate(route.query, req.query) : undefined) as Out<Q>;
    const caller = req.apiKey!;
    if (!route.public) route.authorize?.({ params, query, caller });
    const check = (raw: unknown) => validate(route.body!, raw) as Out<B>;
    const read = route.readBody ?? ((r: Request) => check(r.body) as R);
    const body = (route.body ? await read(req, check) : undefined) as R;
    const reply = await route.handler({ params, query, body, caller, req, res });
    if (!reply) return;
    if (reply.body === undefined) res.status(reply.status).end();
    else res.status(reply.status).json(reply.body);
  };
}
