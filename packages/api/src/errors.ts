import type { ErrorRequestHandler, RequestHandler } from "express";
import { ContractRevertedError } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import { jsonSafe } from "./jsonSafe.js";

/**
 * The one error type handlers throw: a stable machine code, an HTTP status, a message for people and
 * details naming the field (or CSV row and column) at fault.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

export const notFound: RequestHandler = (req) => {
  throw new ApiError(404, "not_found", `No route ${req.method} ${req.path}.`);
};

/**
 * Maps every error to `{ error: { code, message, details, requestId } }`: ApiError as thrown, a contract's
 * custom error as 409 with its name in the same snake_case as every other code (`CostLedgerEntryExists`
 * is `cost_ledger_entry_exists`, the Solidity name in `details[0].contractError`), malformed JSON as 400; anything else is masked as 500 and logged
 * with the request id.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const requestId = res.getHeader("x-request-id");
    let body: { status: number; code: string; message: string; details: unknown[] };
    if (error instanceof ApiError)
      body = { status: error.status, code: error.code, message: error.message, details: error.details };
    else if (error instanceof ContractRevertedError)
      body = {
        status: 409,
        code: contractErrorCode(error.errorName),
        message: error.shortMessage,
        details: [{ contractError: error.errorName, ...(jsonSafe(error.args) as object) }],
      };
    else if (error?.type === "entity.parse.failed")
      body = { status: 400, code: "invalid_json", message: "The request body is not valid JSON.", details: [] };
    else if (error?.type === "entity.too.large")
      body = { status: 413, code: "body_too_large", message: "The request body is too large.", details: [] };
    else {
      logger.error({ err: loggableError(error), requestId, path: req.path }, "unhandled error");
      body = {
        status: 500,
        code: "internal_error",
        message: "Something went wrong on our side; quote the request id when you report it.",
        details: [],
      };
    }
    // The request id in every error, so whoever reports it can quote it (it also tags the gateway's log lines).
    res
      .status(body.status)
      .json({ error: { code: body.code, message: body.message, details: body.details, requestId: String(requestId) } });
  };
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
