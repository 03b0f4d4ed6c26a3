import type { Request, RequestHandler } from "express";
import type { Database } from "../db/database.js";
import { ApiError } from "../errors.js";
import { findApiKey, type ApiKeyRecord, type Role } from "./apiKeys.js";

declare module "express-serve-static-core" {
  interface Request {
    apiKey?: ApiKeyRecord;
  }
}

/** Reads `Authorization: Bearer <key>` and attaches the key's record; 401 when missing, unknown or revoked. */
export function authenticate(db: Database): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, "unauthenticated", "Send your API key as `Authorization: Bearer <key>`.");
    const record = await findApiKey(db, match[1]);
    if (!record) throw new ApiError(401, "invalid_api_key", "This API key is unknown or has been revoked.");
    req.apiKey = record;
    next();
  };
}

/** 403 unless the caller's key has one of `roles`. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.apiKey || !roles.includes(req.apiKey.role)) {
      throw new ApiError(403, "forbidden", `This needs a ${roles.join(" or ")} key; yours is ${req.apiKey?.role ?? "none"}.`);
    }
    next();
  };
}

/** 403 unless the caller may act for `memberId`: its own member key, or the secretariat. */
export function requireMember(req: Request, memberId: number): void {
  const key = req.apiKey;
  if (key?.role === "secretariat") return;
  if (key?.role !== "member" || key.memberId !== memberId) {
    throw new ApiError(403, "forbidden_member", `This key may not act for member ${memberId}.`, [{ field: "memberId", value: memberId }]);
  }
}
