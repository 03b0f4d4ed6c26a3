/** Exit code when a check ran and found the thing invalid (verify, audit). */
export const EXIT_INVALID = 1;
/** Exit code when the input, the usage or the API key was wrong (a 4xx other than a ledger rule). */
export const EXIT_BAD_INPUT = 2;
/** Exit code when the chain node or the gateway cannot be reached, or the gateway failed (5xx). */
export const EXIT_UNREACHABLE = 3;
/** Exit code when the ledger's rules refused the request (a contract custom error, HTTP 409). */
export const EXIT_REFUSED = 4;

/** A failure as the gateway reports one: a stable code, a message, and details naming what is at fault. */
export interface Failure {
  code: string;
  message: string;
  /** Printed instead of `message` without --json (e.g. led by the contract error's name). */
  headline?: string;
  details?: unknown[];
  /** How `details` read for a person (default: key=value, one detail a line); left out of the JSON. */
  detailLines?: string[];
  /** What to do about it; printed under the message, left out of the JSON. */
  hints?: string[];
}

/** True when the command line asks for JSON (`--json` before any `--`): read from argv so even a usage error knows. */
export function wantsJson(argv: readonly string[] = process.argv.slice(2)): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

/** The text printed on stderr for `failure`: one JSON object with --json, else the message, details and hints. */
export function failureText(failure: Failure, json = wantsJson()): string {
  const details = failure.details ?? [];
  if (json) return JSON.stringify({ error: { code: failure.code, message: failure.message, details } });
  const detailLines = (failure.detailLines ?? details.map(describeDetail)).map((line) => `  ${line}`);
  return [failure.headline ?? failure.message, ...detailLines, ...(failure.hints ?? []).map((h) => `  ${h}`)].join(
    "\n",
  );
}

/** Prints `failure` on stderr (see {@link failureText}) and exits with `exitCode`. */
export function fail(failure: Failure, exitCode: number): never {
  console.error(failureText(failure));
  process.exit(exitCode);
}

function describeDetail(detail: unknown): string {
  if (detail === null || typeof detail !== "object") return String(detail);
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}
