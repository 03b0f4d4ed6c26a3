import express, { type Request, type RequestHandler } from "express";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors.js";
import { findApiKey, type ApiKeyRecord, type Role } from "./apiKeys.js";

declare module "express-serve-static-core" {
  interface Request {
    apiKey?: ApiKeyRecord;
    /** Set once the Authorization header has been looked up: "valid", "invalid" (unknown or revoked) or "absent". */
    apiKeyLookup?: "valid" | "invalid" | "absent";
  }
}

/** The key in `Authorization: Bearer <key>`, if the header has that shape. */
export const bearerToken = (req: Request) => /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "")?.[1];

/**
 * Looks up the presented API key, if any, and attaches its record without refusing anything; reads
 * only the header, never the body. Runs before the rate limiter, so a valid key gets its own bucket.
 */
export function identifyApiKey(db: Database): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req);
    const record = token === undefined ? undefined : await findApiKey(db, token);
    req.apiKey = record;
    req.apiKeyLookup = record ? "valid" : token === undefined ? "absent" : "invalid";
    next();
  };
}

/** JSON bodies of authenticated requests (at most 5 MB); a body is read only after its key checked out. */
const readJsonBody = express.json({ limit: "5mb" });

/**
 * Requires `Authorization: Bearer <key>` and attaches the key's record (401 when missing, unknown or
 * revoked), then reads a JSON body: no body of an unauthenticated request is ever read.
 */
export function authenticate(db: Database): RequestHandler {
  return async (req, res, next) => {
    if (req.apiKeyLookup === undefined) await identifyApiKey(db)(req, res, () => undefined);
    if (req.apiKeyLookup === "absent")
      throw new DomainError("unauthenticated", "Send your API key as `Authorization: Bearer <key>`.");
    if (req.apiKeyLookup === "invalid")
      throw new DomainError("invalid_api_key", "This API key is unknown or has been revoked.");
    readJsonBody(req, res, next);
  };
}

/** 403 unless the caller's key has one of `roles`. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.apiKey || !roles.includes(req.apiKey.role)) {
      throw new DomainError(
        "forbidden",
        `This needs a ${roles.join(" or ")} key; yours is ${req.apiKey?.role ?? "none"}.`,
      );
    }
    next();
  };
}

/** 403 unless the caller may act for `memberId`: its own member key, or the secretariat. */
export function requireMember(key: ApiKeyRecord | undefined, memberId: number): void {
  if (key?.role === "secretariat") return;
  if (key?.role !== "member" || key.memberId !== memberId) {
    throw new DomainError("forbidden_member", `This key may not act for member ${memberId}.`, [
      { field: "memberId", value: memberId },
    ]);
  }
}
