import type { Request, Router } from "express";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { DomainError } from "../../errors.js";
import { json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { QrSvg, Share, ShareCreated, ShareInput, ShareToken, WithdrawShare } from "./schemas.js";
import { createShare, readShare, shareQrSvg, withdrawShare } from "./service.js";

/** A host name or address with an optional port: nothing else goes into a QR code's link. */
const HOST = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

/**
 * Where a link handed to the public points: the public URL the operator configured, else the gateway as
 * the requester reached it (the console showing the link was loaded from it; `trust proxy` decides
 * whether a proxy's X-Forwarded-Proto counts).
 */
function linkOriginOf(deps: RouteDependencies, req: Request): string {
  if (deps.linkOrigin) return deps.linkOrigin;
  const host = req.get("host") ?? "";
  if (!HOST.test(host))
    throw new DomainError("validation_failed", "The Host header is not a host name.", [{ field: "host" }]);
  return `${req.protocol}://${host}`;
}

const gone = {
  404: { description: "`share_not_found`: no such share (or one long expired)" },
  410: {
    description:
      "`share_expired`: the link's time is up (`details[0].expiresAt` says when); `share_withdrawn`: its holder withdrew it",
  },
};

/**
 * Share links: a holder (or the registrar for them) hands out a link and QR code to the verifier page
 * instead of the file, for as long as they choose, with the grade or date hidden if they wish.
 */
export function shareRoutes(deps: RouteDependencies): Router {
  const { router, defineRoute } = resourceRouter(deps);

  defineRoute({
    method: "post",
    path: "/shares",
    summary:
      "Share a credential (no account: whoever holds the file may): a link to the verifier page that opens it until it expires, with the grade or completion date hidden if asked",
    public: true,
    // A credential file is a few kB; no key vouches for the caller.
    bodyLimit: "256kb",
    body: ShareInput,
    responses: {
      201: { description: "shared; open `url` on this gateway", content: json(ShareCreated) },
      400: { description: "`validation_failed`, or `invalid_credential_file` naming each problem" },
      429: {
        description: "`too_many_shares`: this credential has as many working links as allowed; or `rate_limited`",
      },
      422: {
        description:
          "`credential_not_valid`: it does not verify against this alliance's ledger (details name the checks)",
      },
    },
    handler: async ({ body, req }) => ({ status: 201, body: await createShare(deps, body, linkOriginOf(deps, req)) }),
  });

  defineRoute({
    method: "get",
    path: "/shares/{token}",
    summary: "A shared credential (no account), to verify like a file; the hidden openings are not in it",
    public: true,
    params: ShareToken,
    responses: { 200: { description: "the shared copy and its expiry", content: json(Share) }, ...gone },
    handler: async ({ params, res }) => {
      // Someone's credential: no shared cache keeps it past its expiry.
      res.setHeader("cache-control", "no-store");
      return ok(await readShare(deps.db, params.token));
    },
  });

  defineRoute({
    method: "get",
    path: "/shares/{token}/qr.svg",
    summary: "The share link as a QR code (SVG), to print or show on a phone",
    public: true,
    params: ShareToken,
    responses: {
      200: { description: "the link's QR code", content: { "image/svg+xml": { schema: QrSvg } } },
      ...gone,
    },
    handler: async ({ params, req, res }) => {
      const svg = await shareQrSvg(deps.db, params.token, linkOriginOf(deps, req));
      res.setHeader("cache-control", "no-store");
      res.type("image/svg+xml").send(svg);
      return undefined;
    },
  });
  defineRoute({
    method: "post",
    path: "/shares/{token}/withdraw",
    summary:
      "The holder withdraws a share link with the key it was given when sharing: the link stops opening and the stored copy is deleted",
    public: true,
    params: ShareToken,
    body: WithdrawShare,
    responses: {
      204: { description: "withdrawn (or already withdrawn)" },
      403: { description: "`forbidden`: not the key this link was made with" },
      404: { description: "`share_not_found`" },
    },
    handler: async ({ params, body }) => {
      await withdrawShare(deps.db, params.token, body.withdrawKey);
      return { status: 204 };
    },
  });
  return router;
}
