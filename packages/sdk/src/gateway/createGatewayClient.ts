import { randomUUID } from "node:crypto";
import type { CredentialFile } from "../credentials/credentialFile.js";
import type { VerifyCredentialReturnType } from "../credentials/verifyCredential.js";
import { BaseError } from "../errors/BaseError.js";
import type { SignedForwardRequest } from "../actions/forwarder/forwardRequest.js";

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
  /** Credits as on the transcript: 2.5 or "2.5" (at most two decimals). The ledger keeps hundredths; the gateway converts. */
  credits: number | string;
  studentRef: string;
  grade: string;
  completionDate: string;
}

export type GatewayDecision =
  | { attestationId: string; decision: "accept" }
  | {
      attestationId: string;
      decision: "convert" /** Credits as on a transcript, e.g. 2.5. */;
      recognisedCredits: number | string;
      localCourse: string;
      conversionRule: string;
    }
  | { attestationId: string; decision: "reject"; reasonCode: number };

export interface GatewayCourseTerms {
  metadata: string;
  /** Credits as on a transcript: 2.5 or "2.5" (at most two decimals). */
  credits: number | string;
  contactHours: number;
  /** Minor units per whole credit, as a decimal string. */
  feePerCredit: string;
  term: number;
  seats: number;
}

export type GatewayCostEntry =
  | { kind: "cash" | "expense"; reference: string; periodId: number; amount: string; evidenceHash: string }
  | {
      kind: "inKind";
      reference: string;
      periodId: number;
      category: string;
      quantity: string;
      unitValue: string;
      evidenceHash: string;
    }
  | { kind: "reversal"; reference: string; periodId: number; reverses: string; amount: string; evidenceHash: string }
  | { kind: "income"; reference: string; periodId: number; source: string; amount: string; evidenceHash: string };

/** An acknowledged chain write and where it stands (`needs_person`: it can no longer apply; see `reason`). */
export interface GatewayResourceTerms {
  unit: "hour" | "day" | "seat" | "placement" | "licence";
  /** Minor units per unit, as a decimal string. */
  pricePerUnit: string;
  capacity: number;
  /** Hash of the terms document (0x and 64 hex digits). */
  termsHash: string;
}

export interface GatewayResource extends GatewayResourceTerms {
  resourceId: number;
  hostMemberId: number;
  kind:
    | "teacherSecondment"
    | "labOrTrainingRoom"
    | "equipment"
    | "practiceBase"
    | "libraryOrDigitalCollection"
    | "other";
  kindCode: string | null;
  status: "active" | "retired";
  latestVersion: number;
}

export interface GatewayResourceUse {
  useId: string;
  resourceId: number;
  version: number;
  userId: number;
  hostMemberId: number;
  status: "requested" | "accepted" | "declined" | "cancelled" | "delivered" | "confirmed" | "disputed" | "resolved";
  quantity: number;
  deliveredQuantity: number;
  billedQuantity: number;
  /** ISO dates. */
  startDay: string;
  endDay: string;
  unit: GatewayResourceTerms["unit"];
  pricePerUnit: string;
  /** Minor units payable by the user to the host; "0" until confirmed or resolved. */
  fee: string;
  periodId: number | null;
  disputedBy?: number;
  userPersonCommitment: string | null;
  hostPersonCommitment: string | null;
  /** The person your own school named; only for your school's keys. */
  personRef?: string;
}

export interface GatewayUseWritten {
  useId: string;
  status: GatewayResourceUse["status"];
  transactionHash: string;
  personCommitment?: string | null;
  reasonHash?: string;
  deliveryHash?: string;
  fee?: string;
  periodId?: number | null;
}

export interface GatewayChainWrite {
  id: string;
  route: string;
  idempotencyKey: string;
  status: "on_chain" | "resending" | "needs_person" | "resolved";
  transactionHash: string;
  blockNumber?: number;
  resent: number;
  reason?: string;
  acknowledgedAt: string;
  updatedAt: string;
}

/** Investment shares the council decided: period 0 is the charter's. */
export interface GatewayShareDecision {
  periodId: number;
  proposalId: number;
  shares: Array<{ memberId: number; shareBps: number }>;
}

/** A reconciliation as the gateway answers it: amounts as decimal strings of minor units. */
export interface GatewayReconciliation {
  periodId: number;
  currency: string;
  totalCost: string;
  /** Alliance income: the shares split totalCost - totalIncome. */
  totalIncome: string;
  members: Array<{
    memberId: number;
    shareBps: number;
    contributed: string;
    expensesPaid: string;
    feesReceivable: string;
    feesPayable: string;
    incomeReceived: string;
    allocatedCost: string;
    net: string;
  }>;
  settlements: Array<{ payerId: number; payeeId: number; amount: string }>;
}

/**
 * A typed client of the gateway's REST API, for scripts that prefer HTTP to the chain. Writes send an
 * Idempotency-Key (generated unless given), so a retry with the same key is safe.
 *
 * @example const gw = createGatewayClient({ baseUrl: "http://127.0.0.1:3000", apiKey }); await gw.submitAttestations({ records });
 */
export function createGatewayClient(p: { baseUrl: string; apiKey?: string; fetch?: typeof fetch }) {
  const doFetch = p.fetch ?? fetch;
  async function call<T>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      idempotencyKey?: string;
      csv?: string;
      raw?: { bytes: Uint8Array; contentType: string };
      text?: boolean;
    } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (p.apiKey) headers.authorization = `Bearer ${p.apiKey}`;
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    if (options.raw) headers["content-type"] = options.raw.contentType;
    else if (options.csv !== undefined) headers["content-type"] = "text/csv";
    else if (options.body !== undefined) headers["content-type"] = "application/json";
    const response = await doFetch(new URL(path, p.baseUrl), {
      method,
      headers,
      body:
        options.raw?.bytes ?? options.csv ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    if (options.text && response.ok) return text as T;
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const e = parsed?.error ?? { code: "http_error", message: `HTTP ${response.status}`, details: [] };
      throw new GatewayError(response.status, e.code, e.message, e.details ?? []);
    }
    return parsed as T;
  }
  /** A write: generated Idempotency-Key unless the caller gives one (to retry safely, give one). */
  const write = <T>(method: string, path: string, body?: unknown, idempotencyKey?: string) =>
    call<T>(method, path, { body, idempotencyKey: idempotencyKey ?? randomUUID() });
  const seg = (v: string | number | bigint) => encodeURIComponent(String(v));
  const query = (q: Record<string, unknown>) =>
    new URLSearchParams(
      Object.entries(q)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
  return {
    health: () => call<{ status: "ok"; chainId: number | null; blockNumber: number | null }>("GET", "/health"),
    verifyCredential: (file: CredentialFile) =>
      call<VerifyCredentialReturnType>("POST", "/credentials/verify", { body: file }),
    /**
     * A share link to the verifier page (no key needed): the gateway keeps a copy without the hidden
     * openings until `expiresInDays` pass. `link` is the whole link to hand out (on the gateway's public
     * URL when it has one); `url` is its path.
     */
    createShare: (q: {
      credential: CredentialFile;
      expiresInDays: number;
      hide?: Array<"learner" | "grade" | "completionDate">;
    }) =>
      call<{ token: string; url: string; link: string; expiresAt: string; withdrawKey: string }>("POST", "/shares", {
        body: q,
      }),
    /** Withdraws a share link with the key `createShare` gave: it stops opening and its copy is deleted. */
    withdrawShare: (token: string, withdrawKey: string) =>
      call<void>("POST", `/shares/${encodeURIComponent(token)}/withdraw`, { body: { withdrawKey } }),
    submitAttestations: (q: { records: AttestationSubmission[]; idempotencyKey?: string }) =>
      call<{ accepted: number; ids: string[] }>("POST", "/attestations", {
        body: { records: q.records },
        idempotencyKey: q.idempotencyKey ?? randomUUID(),
      }),
    submitRosterCsv: (q: { csv: string; idempotencyKey?: string }) =>
      call<{ accepted: number; ids: string[] }>("POST", "/attestations", {
        csv: q.csv,
        idempotencyKey: q.idempotencyKey ?? randomUUID(),
      }),
    /**
     * A roster file's bytes exactly as saved, for the gateway to decode: CSV in UTF-8, GBK/GB18030 or
     * UTF-16 (`text/csv`, optionally `; charset=gbk`), or a workbook
     * (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`).
     */
    submitRoster: (q: { bytes: Uint8Array; contentType: string; idempotencyKey?: string }) =>
      call<{ accepted: number; ids: string[] }>("POST", "/attestations", {
        raw: { bytes: q.bytes, contentType: q.contentType },
        idempotencyKey: q.idempotencyKey ?? randomUUID(),
      }),
    getCredential: (attestationId: string) =>
      call<CredentialFile>("GET", `/attestations/${encodeURIComponent(attestationId)}/credential`),
    batchCredentials: (root: string) =>
      call<{ batchRoot: string; issuerId: number; items: CredentialFile[] }>(
        "GET",
        `/batches/${encodeURIComponent(root)}/credentials`,
      ),
    recognitionInbox: (
      q: { issuerId?: number; courseId?: number; term?: number; limit?: number; offset?: number } = {},
    ) =>
      call<{
        items: Array<{
          id: string;
          issuerId: number;
          courseId: number;
          courseVersion: number;
          term: number /** as on a transcript */;
          credits: number;
          studentRef: string;
          completionDate: string;
        }>;
        total: number;
        /** false past 1,000 matches: `total` is then "at least" */
        totalExact: boolean;
      }>("GET", `/recognitions/inbox?${query(q)}`),
    /** One gateway per member: other members' batches this gateway fetches for its home schools. */
    receivedBatches: (q: { status?: "pending" | "delivered" | "mismatch"; limit?: number; offset?: number } = {}) =>
      call<{
        items: Array<{
          root: string;
          issuerId: number;
          count: number;
          status: "pending" | "delivered" | "mismatch";
          attempts: number;
          nextAttemptAt: string;
          lastError: string | null;
          problems: string[];
          updatedAt: string;
        }>;
        total: number;
        totalExact: boolean;
      }>("GET", `/federation/inbound?${query(q)}`),
    decide: (q: { decisions: GatewayDecision[]; idempotencyKey?: string }) =>
      call<{ decided: number; transactionHash: string }>("POST", "/recognitions", {
        body: { decisions: q.decisions },
        idempotencyKey: q.idempotencyKey ?? randomUUID(),
      }),
    listMembers: (q: { status?: string; limit?: number; offset?: number } = {}) =>
      call<{ items: Array<{ memberId: number; name: string; status: string }>; total: number; totalExact: boolean }>(
        "GET",
        `/members?${query(q)}`,
      ),
    listBatches: (q: { issuerId?: number; limit?: number; offset?: number } = {}) =>
      call<{
        items: Array<{ root: string; issuerId: number; count: number; blockNumber: number }>;
        total: number;
        totalExact: boolean;
      }>("GET", `/batches?${query(q)}`),
    createApiKey: (q: { label: string; role: "member" | "secretariat" | "auditor" | "readonly"; memberId?: number }) =>
      call<{ id: string; key: string }>("POST", "/api-keys", {
        body: { label: q.label, role: q.role, ...(q.memberId ? { memberId: q.memberId } : {}) },
      }),

    // Membership and council decisions
    getMember: (memberId: number) =>
      call<{ memberId: number; name: string; region: string; kind: number; status: string; operators: string[] }>(
        "GET",
        `/members/${seg(memberId)}`,
      ),
    registerApplicant: (
      q: {
        name: string;
        kind: "university" | "vocationalCollege" | "enterprise" | "governmentBody";
        region: string;
        operator: string;
      },
      idempotencyKey?: string,
    ) => write<{ memberId: number; transactionHash: string }>("POST", "/members", q, idempotencyKey),
    rotateOperatorKeys: (memberId: number, q: { add?: string; remove?: string }, idempotencyKey?: string) =>
      write<{ transactionHashes: string[] }>("POST", `/members/${seg(memberId)}/operators`, q, idempotencyKey),
    listProposals: (q: { action?: string; executed?: boolean; limit?: number; offset?: number } = {}) =>
      call<{
        items: Array<{
          proposalId: number;
          action: string;
          memberId: number;
          approvals: number;
          approvalsInOffice: number;
          executed: boolean;
          proposedAtBlock: number;
          expiresAt: string;
          role?: string;
          account?: string;
          shares?: { periodId: number; shares: Array<{ memberId: number; shareBps: number }> };
          contributionRule?: { minContributionIndex: number; periodsBeforeSuspension: number; minPeriodDays?: number };
          lowContributionPeriodId?: number;
        }>;
        total: number;
        /** false past 1,000 matches: `total` is then "at least" */
        totalExact: boolean;
      }>("GET", `/proposals?${query(q)}`),
    propose: (
      q: {
        action:
          | "admit"
          | "suspend"
          | "reinstate"
          | "withdraw"
          | "amendCharter"
          | "grantRole"
          | "revokeRole"
          | "recoverKey"
          | "decideShares"
          | "setContributionRule";
        memberId?: number;
        /** decideShares: basis points per member; `periodId` one period's own, omitted the charter's. */
        shares?: Array<{ memberId: number; shareBps: number }>;
        periodId?: number;
        contributionRule?: { minContributionIndex: number; periodsBeforeSuspension: number; minPeriodDays?: number };
        charter?: { documentHash: string; version: number; councilQuorum: number; proposalLifetime: number };
        role?: "secretariat" | "council" | "auditor" | "evaluationCommittee";
        account?: string;
      },
      idempotencyKey?: string,
    ) =>
      write<{ proposalId: string; executed: boolean; transactionHash: string }>(
        "POST",
        "/proposals",
        q,
        idempotencyKey,
      ),
    approve: (proposalId: number | bigint, idempotencyKey?: string) =>
      write<{ executed: boolean; approvals: number; transactionHash: string }>(
        "POST",
        `/proposals/${seg(proposalId)}/approve`,
        undefined,
        idempotencyKey,
      ),

    // Catalogue
    listCourses: (
      q: {
        hostMemberId?: number;
        tier?: "general" | "certified";
        status?: "active" | "retired";
        term?: number;
        limit?: number;
        offset?: number;
      } = {},
    ) =>
      call<{
        items: Array<{
          courseId: number;
          code: string;
          /** the latest version's title, when the gateway holds the text whose hash is on chain */
          title: string | null;
          hostMemberId: number;
          latestVersion: number;
          tier: string;
          status: string;
          credits: number;
          feePerCredit: string;
          term: number;
          seats: number;
        }>;
        total: number;
        /** false past 1,000 matches: `total` is then "at least" */
        totalExact: boolean;
      }>("GET", `/courses?${query(q)}`),
    publishCourse: (q: GatewayCourseTerms & { code: string }, idempotencyKey?: string) =>
      write<{ courseId: number; transactionHash: string }>("POST", "/courses", q, idempotencyKey),
    publishCourseVersion: (courseId: number, q: GatewayCourseTerms, idempotencyKey?: string) =>
      write<{ version: number; transactionHash: string }>(
        "POST",
        `/courses/${seg(courseId)}/versions`,
        q,
        idempotencyKey,
      ),
    retireCourse: (courseId: number, idempotencyKey?: string) =>
      write<{ transactionHash: string }>("POST", `/courses/${seg(courseId)}/retire`, undefined, idempotencyKey),
    setCourseTier: (courseId: number, q: { tier: "general" | "certified"; report: string }, idempotencyKey?: string) =>
      write<{ transactionHash: string; reportHash: string }>(
        "PUT",
        `/courses/${seg(courseId)}/tier`,
        q,
        idempotencyKey,
      ),

    // Corrections and exports of one record
    revoke: (attestationId: string, q: { reasonCode: number }, idempotencyKey?: string) =>
      write<{ transactionHash: string }>("POST", `/attestations/${seg(attestationId)}/revoke`, q, idempotencyKey),
    supersede: (attestationId: string, q: { replacementId: string; reasonCode: number }, idempotencyKey?: string) =>
      write<{ transactionHash: string; replacementLeaf: string }>(
        "POST",
        `/attestations/${seg(attestationId)}/supersede`,
        q,
        idempotencyKey,
      ),
    /** The signed Open Badges 3.0 credential; `holder`: the student's own DID, made its subject. */
    getOpenBadge: (attestationId: string, q: { holder?: string } = {}) =>
      call<Record<string, unknown>>("GET", `/attestations/${seg(attestationId)}/openbadge?${query(q)}`),

    // Shared resources and their uses (money as decimal strings of minor units, days as ISO dates)
    listResources: (
      q: {
        hostMemberId?: number;
        kind?: GatewayResource["kind"];
        status?: "active" | "retired";
        limit?: number;
        offset?: number;
      } = {},
    ) => call<{ items: GatewayResource[]; total: number; totalExact: boolean }>("GET", `/resources?${query(q)}`),
    publishResource: (
      q: GatewayResourceTerms & { kind: GatewayResource["kind"]; kindName?: string },
      idempotencyKey?: string,
    ) =>
      write<{ resourceId: number; kindCode: string; transactionHash: string }>("POST", "/resources", q, idempotencyKey),
    publishResourceVersion: (resourceId: number, q: GatewayResourceTerms, idempotencyKey?: string) =>
      write<{ resourceId: number; version: number; transactionHash: string }>(
        "POST",
        `/resources/${seg(resourceId)}/versions`,
        q,
        idempotencyKey,
      ),
    retireResource: (resourceId: number, idempotencyKey?: string) =>
      write<{ transactionHash: string }>("POST", `/resources/${seg(resourceId)}/retire`, undefined, idempotencyKey),
    listResourceUses: (
      q: {
        resourceId?: number;
        userId?: number;
        hostMemberId?: number;
        status?: GatewayResourceUse["status"];
        periodId?: number;
        limit?: number;
        offset?: number;
      } = {},
    ) => call<{ items: GatewayResourceUse[]; total: number; totalExact: boolean }>("GET", `/resource-uses?${query(q)}`),
    requestResourceUse: (
      q: { resourceId: number; quantity: number; startDay: string; endDay: string; personRef?: string },
      idempotencyKey?: string,
    ) =>
      write<{
        useId: string;
        version: number;
        hostMemberId: number;
        personCommitment: string | null;
        transactionHash: string;
      }>("POST", "/resource-uses", q, idempotencyKey),
    acceptResourceUse: (useId: string, q: { personRef?: string } = {}, idempotencyKey?: string) =>
      write<GatewayUseWritten>("POST", `/resource-uses/${seg(useId)}/accept`, q, idempotencyKey),
    declineResourceUse: (useId: string, q: { reason: string }, idempotencyKey?: string) =>
      write<GatewayUseWritten>("POST", `/resource-uses/${seg(useId)}/decline`, q, idempotencyKey),
    cancelResourceUse: (useId: string, idempotencyKey?: string) =>
      write<GatewayUseWritten>("POST", `/resource-uses/${seg(useId)}/cancel`, undefined, idempotencyKey),
    deliverResourceUse: (
      useId: string,
      q: { quantity: number; note?: string; evidenceHash?: string },
      idempotencyKey?: string,
    ) => write<GatewayUseWritten>("POST", `/resource-uses/${seg(useId)}/deliver`, q, idempotencyKey),
    confirmResourceUse: (useId: string, idempotencyKey?: string) =>
      write<GatewayUseWritten>("POST", `/resource-uses/${seg(useId)}/confirm`, undefined, idempotencyKey),
    disputeResourceUse: (useId: string, q: { reason: string }, idempotencyKey?: string) =>
      write<GatewayUseWritten>("POST", `/resource-uses/${seg(useId)}/dispute`, q, idempotencyKey),
    resolveResourceDispute: (useId: string, q: { quantity: number; reason: string }, idempotencyKey?: string) =>
      write<GatewayUseWritten>("POST", `/resource-uses/${seg(useId)}/resolve`, q, idempotencyKey),

    // Costs, periods and settlements (amounts as decimal strings of minor units)
    listCostEntries: (
      q: {
        periodId?: number;
        memberId?: number;
        status?: "claimed" | "confirmed" | "rejected";
        limit?: number;
        offset?: number;
      } = {},
    ) =>
      call<{
        items: Array<{
          entryId: string;
          periodId: number;
          memberId: number;
          kind: string;
          amount: string;
          status: string;
          reasonCode?: number;
          evidenceHash: string;
          claimedAtBlock: number;
          reference?: string;
        }>;
        total: number;
        /** false past 1,000 matches: `total` is then "at least" */
        totalExact: boolean;
      }>("GET", `/cost-entries?${query(q)}`),
    claimCostEntry: (q: GatewayCostEntry, idempotencyKey?: string) =>
      write<{ entryId: string; transactionHash: string }>("POST", "/cost-entries", q, idempotencyKey),
    confirmCostEntry: (entryId: string, idempotencyKey?: string) =>
      write<{ entryId: string; transactionHash: string }>(
        "POST",
        `/cost-entries/${seg(entryId)}/confirm`,
        undefined,
        idempotencyKey,
      ),
    rejectCostEntry: (entryId: string, q: { reasonCode: number }, idempotencyKey?: string) =>
      write<{ entryId: string; transactionHash: string }>(
        "POST",
        `/cost-entries/${seg(entryId)}/reject`,
        q,
        idempotencyKey,
      ),
    openPeriod: (
      /** `shares` repeats the council's decision as a check; omitted, the decided shares are used. */
      q: { currency: string; shares?: Array<{ memberId: number; shareBps: number }> },
      idempotencyKey?: string,
    ) => write<{ periodId: number; transactionHash: string }>("POST", "/periods", q, idempotencyKey),
    reconciliation: (periodId: number) =>
      call<GatewayReconciliation>("GET", `/periods/${seg(periodId)}/reconciliation`),
    closePeriod: (periodId: number, idempotencyKey?: string) =>
      write<{ reportHash: string; transactionHash: string; report: GatewayReconciliation }>(
        "POST",
        `/periods/${seg(periodId)}/close`,
        undefined,
        idempotencyKey,
      ),
    periodReport: (periodId: number) => call<string>("GET", `/periods/${seg(periodId)}/report`, { text: true }),
    recordSettlement: (
      q: { periodId: number; payeeId: number; amount: string; paymentReference: string },
      idempotencyKey?: string,
    ) =>
      write<{ settlementId: string; transactionHash: string | null; alreadyRecorded: boolean }>(
        "POST",
        "/settlements",
        q,
        idempotencyKey,
      ),
    listSettlements: (q: { periodId?: number; confirmed?: boolean; limit?: number; offset?: number } = {}) =>
      call<{
        items: Array<{
          settlementId: string;
          periodId: number;
          payerId: number;
          payeeId: number;
          amount: string;
          paymentRefHash: string;
          confirmed: boolean;
          recordedAtBlock: number;
        }>;
        total: number;
        /** false past 1,000 matches: `total` is then "at least" */
        totalExact: boolean;
      }>("GET", `/settlements?${query(q)}`),
    confirmSettlement: (settlementId: string | bigint, idempotencyKey?: string) =>
      write<{ transactionHash: string }>(
        "POST",
        `/settlements/${seg(settlementId)}/confirm`,
        undefined,
        idempotencyKey,
      ),
    performance: (q: { periodId: number }) =>
      call<{
        periodId: number;
        closed: boolean;
        minContributionIndex: number;
        periodsBeforeSuspension: number;
        minPeriodDays: number;
        judged: boolean | null;
        members: Array<Record<string, unknown>>;
      }>("GET", `/performance?${query(q)}`),
    charter: () =>
      call<{
        shares: GatewayShareDecision | null;
        nextPeriod: { periodId: number; source: "period" | "charter" | "none"; shares: GatewayShareDecision | null };
        contributionRule: {
          minContributionIndex: number;
          periodsBeforeSuspension: number;
          minPeriodDays: number;
          proposalId: number | null;
        };
      }>("GET", "/charter"),

    // Auditors and self-custody
    auditExport: () => call<string>("GET", "/audit/export", { text: true }),
    auditReport: () =>
      call<{
        passed: boolean;
        discrepancies: Array<{ code: string; recordType: string; recordId: string; message: string }>;
        counts: Record<string, number>;
      }>("GET", "/audit/report"),
    relay: (request: SignedForwardRequest, idempotencyKey?: string) =>
      write<{ transactionHash: string; blockNumber: number }>("POST", "/relay", request, idempotencyKey),

    // What became of acknowledged writes after a node lost state
    listChainWrites: (
      q: { status?: GatewayChainWrite["status"]; idempotencyKey?: string; limit?: number; offset?: number } = {},
    ) => call<{ items: GatewayChainWrite[]; total: number; totalExact: boolean }>("GET", `/chain-writes?${query(q)}`),
    getChainWrite: (id: string) => call<GatewayChainWrite>("GET", `/chain-writes/${seg(id)}`),
    resolveChainWrite: (id: string, q: { note: string }, idempotencyKey?: string) =>
      write<GatewayChainWrite>("POST", `/chain-writes/${seg(id)}/resolve`, q, idempotencyKey),
  };
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;
