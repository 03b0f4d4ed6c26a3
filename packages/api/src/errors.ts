import type { ErrorRequestHandler, RequestHandler } from "express";
import { ContractRevertedError } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import { jsonSafe } from "./jsonSafe.js";

/**
 * Every error code the gateway answers, with the HTTP status it means: the one place where codes meet
 * HTTP. Every layer throws a {@link DomainError} by code; only the error handler looks here.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_csv: 400,
  invalid_xlsx: 400,
  roster_encoding_unknown: 400,
  not_an_open_badge: 400,
  invalid_credential_file: 400,
  invalid_audit_scope: 400,
  invalid_replacement: 400,
  idempotency_key_required: 400,
  duplicate_decision: 400,
  record_refused_by_catalog: 400,
  request_expired: 400,
  stale_nonce: 400,
  invalid_signature: 400,
  target_not_alliance_contract: 400,
  unauthenticated: 401,
  invalid_api_key: 401,
  forbidden: 403,
  forbidden_member: 403,
  not_found: 404,
  api_key_not_found: 404,
  attestation_not_found: 404,
  batch_not_found: 404,
  chain_write_not_found: 404,
  course_not_found: 404,
  course_version_not_found: 404,
  did_not_found: 404,
  member_not_found: 404,
  period_not_found: 404,
  report_not_found: 404,
  resource_not_found: 404,
  resource_use_not_found: 404,
  share_not_found: 404,
  status_list_not_found: 404,
  idempotency_key_reused: 409,
  request_in_progress: 409,
  no_custodial_key: 409,
  no_relayer: 409,
  not_anchored_yet: 409,
  report_altered: 409,
  write_needs_person: 409,
  write_resolved_by_person: 409,
  chain_write_not_stuck: 409,
  course_text_mismatch: 409,
  issuer_keys_unavailable: 409,
  shares_not_decided: 409,
  inbound_manifest_missing: 409,
  share_expired: 410,
  share_withdrawn: 410,
  body_too_large: 413,
  unsupported_media_type: 415,
  request_aborted: 400,
  too_many_records: 413,
  credential_not_valid: 422,
  rate_limited: 429,
  too_many_shares: 429,
  internal_error: 500,
  chain_unreachable: 503,
  index_behind: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The one error type every layer throws: a stable code (its HTTP status is {@link ERROR_STATUS}'s
 * business, not the thrower's), a message for people, and details naming the field (or CSV row and
 * column) at fault.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound: RequestHandler = (req) => {
  throw new DomainError("not_found", `No route ${req.method} ${req.path}.`);
};

/**
 * Maps every error to `{ error: { code, message, details, requestId } }`: a DomainError by its code, a contract's
 * custom error as 409 with its name in the same snake_case as every other code (`CostLedgerEntryExists`
 * is `cost_ledger_entry_exists`, the Solidity name in `details[0].contractError`), malformed JSON as 400; anything else is masked as 500 and logged
 * with the request id.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const requestId = res.getHeader("x-request-id");
    let answer: DomainError | { status: number; code: string; message: string; details: unknown[] };
    if (error instanceof DomainError) answer = error;
    else if (error instanceof ContractRevertedError)
      // A ledger refusal: the contract's own code, always 409.
      answer = {
        status: 409,
        code: contractErrorCode(error.errorName),
        message: error.shortMessage,
        details: [{ contractError: error.errorName, ...(jsonSafe(error.args) as object) }],
      };
    else if (error?.type === "entity.parse.failed")
      answer = new DomainError("invalid_json", "The request body is not valid JSON.");
    else if (error?.type === "entity.too.large")
      answer = new DomainError("body_too_large", "The request body is too large.");
    else if (error?.status === 415)
      // A charset or content encoding the body parser does not read (koi8-r, compress): the client's to fix.
      answer = new DomainError("unsupported_media_type", "The request body's charset or encoding is not supported.", [
        { reason: String(error.message ?? "") },
      ]);
    else if (error?.type === "request.aborted")
      answer = new DomainError("request_aborted", "The client stopped sending the request body.");
    else {
      logger.error({ err: loggableError(error), requestId, path: req.path }, "unhandled error");
      answer = new DomainError(
        "internal_error",
        "Something went wrong on our side; quote the request id when you report it.",
      );
    }
    res.status(answer.status).json(errorBody(answer.code, answer.message, answer.details, requestId));
  };
}

/** The one error body: code, message, details, and the request id whoever reports it can quote (it also tags the log lines). */
export function errorBody(code: string, message: string, details: unknown[], requestId: unknown) {
  return { error: { code, message, details, requestId: String(requestId) } };
}

/** A contract error's name as an API error code: `CostLedgerEntryExists` → `cost_ledger_entry_exists`. */
export function contractErrorCode(errorName: string): string {
  return errorName
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * What of an unexpected error goes to the log: its type, code, first message line and stack, not its
 * other fields (a driver error's `detail` or `parameters`, a provider's request payload), which can
 * carry the request's data: student references, grades, keys.
 */
export function loggableError(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const message = error.message.split("\n")[0].slice(0, 300);
  return {
    type: error.name,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    message,
    stack: error.stack
      ?.split("\n")
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 8)
      .join("\n"),
  };
}
