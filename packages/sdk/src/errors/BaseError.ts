export interface BaseErrorParameters {
  /** Lines that explain the error further. */
  details?: string[];
  /** Where the docs explain it, relative to the repository root. */
  docsPath?: string;
  cause?: unknown;
}

/**
 * The root of every SDK error: a short message a user can act on, detail lines, a docs pointer and
 * the `cause` chain.
 */
export class BaseError extends Error {
  override name = "AllianceLedgerError";
  readonly shortMessage: string;
  readonly details: string[];
  readonly docsPath?: string;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const lines = [shortMessage, ...(parameters.details ?? [])];
    if (parameters.docsPath) lines.push(`Docs: ${parameters.docsPath}`);
    super(lines.join("\n"), parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = parameters.details ?? [];
    this.docsPath = parameters.docsPath;
  }
}
