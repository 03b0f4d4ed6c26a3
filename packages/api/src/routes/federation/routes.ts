import { issueCredentialFile } from "@alliance-ledger/sdk";
import type { Request, Router } from "express";
import { DomainError } from "../../errors.js";
import { sealForMember } from "../../federation/recordEnvelope.js";
import { verifySignedRequest } from "../../federation/signedRequests.js";
import { ok, resourceRouter } from "../../http/defineRoute.js";
import { json } from "../../responseSchemas.js";
import type { RouteDependencies } from "../deps.js";
import { pageOf } from "../../readModel/pageQuery.js";
import { readFindings } from "../../federation/inboundFindings.js";

/** A batch's findings as sentences (the audit's) and as data (the console's, worded in the reader's language). */
function findingsOf(json: unknown, root: string, issuerId: number) {
  const stored = readFindings(json, root, issuerId);
  return { problems: stored.map((f) => f.text), findings: stored.map(({ text: _, ...f }) => f) };
}
import { BatchManifest, BatchRoot, HomeRecords, InboundPage, InboundQuery, SealedRecords } from "./schemas.js";

/**
 * What a member's gateway serves other members' gateways: a batch's manifest and each home school's own
 * records, encrypted to it. No API key: the caller is the member whose transport key signed the request
 * (RFC 9421), checked against the gateway directory on chain.
 */
export function federationRoutes(deps: RouteDependencies): Router {
  const { db, reader, provider, loadBatch } = deps;
  const { router, defineRoute } = resourceRouter(deps);

  const signer = async (req: Request) => {
    const member = await verifySignedRequest(reader, {
      method: req.method,
      url: `${req.protocol}://${req.get("host")}${req.originalUrl}`,
      headers: req.headers,
    });
    if (member === undefined)
      throw new DomainError("forbidden", "Only a member's gateway may ask, with a request signed by its key on chain.");
    return member;
  };
  const anchoredBatch = async (root: string) => {
    const [batch] = await db.query<{ issuer_id: number; status: string }>(
      "federation.batch",
      "SELECT issuer_id, status FROM outbox_batches WHERE root = $1",
      [root],
    );
    if (batch?.status !== "anchored")
      throw new DomainError("batch_not_found", `This gateway holds no anchored batch ${root}.`, [{ root }]);
    return { issuerId: Number(batch.issuer_id), ...(await loadBatch(db, root)) };
  };

  defineRoute({
    method: "get",
    path: "/federation/batches/{root}/manifest",
    summary:
      "A member's gateway reads an anchored batch's manifest: every record's attestation (commitments and ids, no student data), whose leaves rebuild the root on chain",
    public: true,
    params: BatchRoot,
    responses: {
      200: { description: "the manifest", content: json(BatchManifest) },
      403: { description: "`forbidden`: not signed by a member's gateway key on chain" },
      404: { description: "`batch_not_found`" },
    },
    handler: async ({ params, req }) => {
      await signer(req);
      const { issuerId, sealed } = await anchoredBatch(params.root);
      return ok({ issuerId, root: params.root, count: sealed.length, attestations: sealed.map((s) => s.attestation) });
    },
  });

  defineRoute({
    method: "get",
    path: "/federation/batches/{root}/records/{homeId}",
    summary:
      "A home school's gateway reads its own students' records of a batch: their credential files, encrypted to its key on chain; any other member is refused",
    public: true,
    params: HomeRecords,
    responses: {
      200: { description: "the home school's records, sealed to it", content: json(SealedRecords) },
      403: { description: "`forbidden` (unsigned) or `forbidden_member` (signed by another member)" },
      404: { description: "`batch_not_found`" },
    },
    handler: async ({ params, req }) => {
      const member = await signer(req);
      if (member !== params.homeId)
        throw new DomainError("forbidden_member", `Member ${member} may read only its own students' records.`, [
          { homeId: params.homeId },
        ]);
      const { issuerId, sealed, tree } = await anchoredBatch(params.root);
      const { chainId } = await provider.getNetwork();
      const files = sealed.flatMap((s, index) =>
        s.attestation.homeId === member
          ? [
              issueCredentialFile({
                tree,
                sealed,
                chainId: Number(chainId),
                creditLedger: reader.addresses.creditLedger,
                index,
              }),
            ]
          : [],
      );
      const entry = await reader.memberGateways!.currentGateway(member);
      return ok({ issuerId, root: params.root, homeId: member, jwe: await sealForMember(files, entry.encryptionKey) });
    },
  });
  defineRoute({
    method: "get",
    path: "/federation/inbound",
    summary:
      "Other members' batches this gateway fetches for its home schools: delivered, pending (the issuer's gateway unreachable; retried with backoff) or mismatch (records altered or withheld, named)",
    roles: ["member", "secretariat", "auditor"],
    query: InboundQuery,
    responses: { 200: { description: "a page of batches, newest change first", content: json(InboundPage) } },
    handler: async ({ query }) => {
      const { rows, total, totalExact } = await pageOf<Record<string, unknown>>(db, "federation.inbound", {
        columns: "root, issuer_id, count, status, attempts, next_attempt_at, last_error, problems, updated_at",
        from: "inbound_batches",
        filters: [query.status ? ["status = ?", query.status] : undefined],
        orderBy: "updated_at DESC, root",
        limit: query.limit,
        offset: query.offset,
      });
      return ok({
        items: rows.map((r) => ({
          root: String(r.root),
          issuerId: Number(r.issuer_id),
          count: Number(r.count),
          status: String(r.status),
          attempts: Number(r.attempts),
          nextAttemptAt: String(r.next_attempt_at),
          lastError: r.last_error === null ? null : String(r.last_error),
          ...findingsOf(r.problems, String(r.root), Number(r.issuer_id)),
          updatedAt: String(r.updated_at),
        })),
        total,
        totalExact,
      });
    },
  });
  return router;
}
