import { randomUUID } from "node:crypto";
import type { CredentialFile } from "../credentials/credentialFile.js";
import type { VerifyCredentialReturnType } from "../credentials/verifyCredential.js";
import { BaseError } from "../errors/BaseError.js";

/** An error answered by the gateway: its stable code, message and details (fields at fault). */
export class GatewayError extends BaseError {
  override name = "GatewayError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errorDetails: unknown[],
  ) {
    super(message, { details: errorDetails.map((d) => JSON.stringify(d)) });
  }
}

export interface AttestationSubmission {
  homeId: number;
  courseId: number;
  courseVersion?: number;
  term: number;
  /** Hundredths of a credit. */
  credits: number;
  studentRef: string;
  grade: string;
  completionDate: string;
}

export type GatewayDecision =
  | { attestationId: string; decision: "accept" }
  | { attestationId: string; decision: "convert"; recognisedCredits: number; localCourse: string; conversionRule: string }
  | { attestationId: string; decision: "reject"; reasonCode: number };

/**
 * A typed client of the gateway's REST API, for scripts that prefer HTTP to the chain. Writes send an
 * Idempotency-Key (generated unless given), so a retry with the same key is safe.
 *
 * @example const gw = createGatewayClient({ baseUrl: "http://127.0.0.1:3000", apiKey }); await gw.submitAttestations({ records });
 */
export function createGatewayClient(p: { baseUrl: string; apiKey?: string; fetch?: typeof fetch }) {
  const doFetch = p.fetch ?? fetch;
  async function call<T>(method: string, path: string, options: { body?: unknown; idempotencyKey?: string; csv?: string } = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (p.apiKey) headers.authorization = `Bearer ${p.apiKey}`;
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    if (options.csv !== undefined) headers["content-type"] = "text/csv";
    else if (options.body !== undefined) headers["content-type"] = "application/json";
    const response = await doFetch(new URL(path, p.baseUrl), {
      method,
      headers,
      body: options.csv ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const e = parsed?.error ?? { code: "http_error", message: `HTTP ${response.status}`, details: [] };
      throw new GatewayError(response.status, e.code, e.message, e.details ?? []);
    }
    return parsed as T;
  }
  const query = (q: Record<string, unknown>) =>
    new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return {
    health: () => call<{ status: "ok"; chainId: number | null; blockNumber: number | null }>("GET", "/health"),
    verifyCredential: (file: CredentialFile) => call<VerifyCredentialReturnType>("POST", "/credentials/verify", { body: file }),
    submitAttestations: (q: { records: AttestationSubmission[]; idempotencyKey?: string }) =>
      call<{ accepted: number; ids: string[] }>("POST", "/attestations", { body: { records: q.records }, idempotencyKey: q.idempotencyKey ?? randomUUID() }),
    submitRosterCsv: (q: { csv: string; idempotencyKey?: string }) =>
      call<{ accepted: number; ids: string[] }>("POST", "/attestations", { csv: q.csv, idempotencyKey: q.idempotencyKey ?? randomUUID() }),
    getCredential: (attestationId: string) => call<CredentialFile>("GET", `/attestations/${encodeURIComponent(attestationId)}/credential`),
    recognitionInbox: () => call<{ items: Array<{ id: string; issuerId: number; courseId: number; credits: number; studentRef: string }> }>("GET", "/recognitions/inbox"),
    decide: (q: { decisions: GatewayDecision[]; idempotencyKey?: string }) =>
      call<{ decided: number; transactionHash: string }>("POST", "/recognitions", { body: { decisions: q.decisions }, idempotencyKey: q.idempotencyKey ?? randomUUID() }),
    listMembers: (q: { status?: string; limit?: number; offset?: number } = {}) =>
      call<{ items: Array<{ memberId: number; name: string; status: string }>; total: number }>("GET", `/members?${query(q)}`),
    listBatches: (q: { issuerId?: number; limit?: number; offset?: number } = {}) =>
      call<{ items: Array<{ root: string; issuerId: number; count: number; blockNumber: number }>; total: number }>("GET", `/batches?${query(q)}`),
    createApiKey: (q: { label: string; role: "member" | "secretariat" | "auditor" | "readonly"; memberId?: number }) =>
      call<{ id: string; key: string }>("POST", "/api-keys", { body: { label: q.label, role: q.role, ...(q.memberId ? { memberId: q.memberId } : {}) } }),
  };
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;
