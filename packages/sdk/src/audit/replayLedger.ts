import { id, toUtf8String, ZeroHash } from "ethers";
import type { Attestation } from "../attestations/attestation.js";
import { computeNetPositions } from "../reconciliation/computeNetPositions.js";
import { foldCatalogEvent } from "../readModel/foldCatalog.js";
import { foldCostEvent } from "../readModel/foldCosts.js";
import { foldResourceEvent } from "../readModel/foldResources.js";
import { createMemoryStore, type LedgerStore, rowKey } from "../readModel/ledgerStore.js";
import { bookFee, periodTotals } from "../readModel/periodTotals.js";
import type { CostEntryRow, CourseVersionRow, PeriodTotalsRow } from "../readModel/rows.js";
import type { LedgerEvent } from "./readLedgerEvents.js";

/** Something the audit found wrong, tied to the record it concerns. */
export interface Discrepancy {
  code: string;
  recordType:
    | "attestation"
    | "batch"
    | "revocation"
    | "recognition"
    | "costEntry"
    | "periodTotal"
    | "period"
    | "settlement"
    | "role"
    | "operatorKey"
    | "resourceUse";
  recordId: string;
  message: string;
}

const SECRETARIAT = id("alliance.role.secretariat");
const ACTIVE = 2;
const Decision = { Accepted: 1, AcceptedWithConversion: 2, Rejected: 3 } as const;
const CERTIFIED = 1;

/** A batch is its issuer's: the contract keys it by (issuer, root), so two members may anchor one root. */
export const batchKey = (issuerId: number, root: string) => `${issuerId}:${root.toLowerCase()}`;
/** A record's state lives at (issuer, root, index), as in the contract. */
export const recordKey = (issuerId: number, root: string, index: number) =>
  `${issuerId}:${root.toLowerCase()}:${index}`;

export interface ReplayedBatch {
  issuerId: number;
  root: string;
  count: number;
  blockNumber: number;
  anchoredBy: string;
}

/** The state the contract keeps per record (its nibble), rebuilt from events. */
export interface ReplayedRecord {
  leaf: string;
  revoked: boolean;
  decided: boolean;
  feeAccrued: boolean;
}

export interface ReplayedRecognition {
  leaf: string;
  homeId: number;
  issuerId: number;
  batchRoot: string;
  index: number;
  decision: number;
  recognisedCredits: number;
  fee: bigint;
  periodId: number;
  /** Set when the issuer revoked the record and its fee flowed back. */
  feeReversed?: { fee: bigint; periodId: number };
}

/** A cost entry as the read model's fold leaves it. */
export type ReplayedEntry = CostEntryRow;

/** A member's totals in a period, as the read model's fold books them. */
export type MemberPeriodTotals = Omit<PeriodTotalsRow, "periodId" | "memberId">;

export interface ReplayedPeriod {
  /** The currency code, as the period was opened with it ("CNY"). */
  currency: string;
  shares: Array<{ memberId: number; shareBps: number }>;
  closed?: { reportHash: string; nets: bigint[] };
}

/** A settlement payment as its events tell it; the rules on it are checked by `checkSettlements`. */
export interface ReplayedSettlement {
  settlementId: string;
  periodId: number;
  payerId: number;
  payeeId: number;
  amount: bigint;
  /** Whether the period was closed when the payment was recorded. */
  recordedInClosedPeriod: boolean;
  /**
   * Each confirmation: the payee its event names, and the member whose key sent it (`null`: the key is
   * no member's; `undefined`: the sender was not looked up).
   */
  confirmations: Array<{ payeeId: number; senderMemberId?: number | null; blockNumber: number }>;
}

/** One published course version, as recognition decides on it. */
export type ReplayedCourseVersion = CourseVersionRow;

/** The ledger as recomputed from its events alone. */
export interface ReplayedLedger {
  /** Keyed {@link batchKey}(issuerId, root). */
  batches: Map<string, ReplayedBatch>;
  /** Keyed {@link recordKey}(issuerId, root, index): the records any accepted event touched. */
  records: Map<string, ReplayedRecord>;
  /** leaf -> reason code of its (last accepted) revocation. */
  revoked: Map<string, number>;
  /** leaf -> the record that replaces it. */
  supersededBy: Map<string, { replacementLeaf: string; replacementRoot: string }>;
  /** Keyed {@link recordKey}(issuerId, batchRoot, index). */
  recognitions: Map<string, ReplayedRecognition>;
  /** Keyed by entry id (lower-case hex). */
  entries: Map<string, ReplayedEntry>;
  periods: Map<number, ReplayedPeriod>;
  /** Keyed `${periodId}:${memberId}`. */
  totals: Map<string, PeriodTotalsRow>;
  /** Keyed `${courseId}:${version}`. */
  courseVersions: Map<string, ReplayedCourseVersion>;
  /** Keyed by settlement id (decimal). */
  settlements: Map<string, ReplayedSettlement>;
  /**
   * Fees that flowed back on revocation but could not be booked (period 0): host or home school was no
   * longer in the open period. Not an error; they are settled outside the ledger, and the audit lists them.
   */
  unbookedFeeReversals: UnbookedFeeReversal[];
  discrepancies: Discrepancy[];
}

export interface UnbookedFeeReversal {
  /** The export's record id when it holds the record, else the leaf. */
  recordId: string;
  leaf: string;
  hostId: number;
  homeId: number;
  fee: bigint;
  blockNumber: number;
  transactionHash: string;
}

export const totalsKey = rowKey.periodTotals;

export interface ReplayLedgerOptions {
  /**
   * The off-chain records by leaf hash (lower-case hex), when an export is audited: events carry only
   * leaf hashes, so the checks that need a record's fields (its course version's credits and tier, its
   * home school, its fee) run for the records given here.
   */
  records?: ReadonlyMap<string, { recordId: string; attestation: Attestation }>;
}

/**
 * Replays every event in chain order and re-checks the rules the contracts enforce, trusting none of
 * them. An event the contracts should have refused is reported (a discrepancy naming its record) and
 * not applied: the replayed state and totals are what the rules allow.
 *
 * - Anchoring: the issuer was active and the key a current key of it.
 * - Revocation and supersession: the record is in an anchored batch of the issuer the event names
 *   (batches are keyed by issuer and root), within the batch's count, and that issuer is the record's
 *   own; a recognised record's fee flows back in the same transaction ({RecognitionFeeReversed}), once,
 *   by the fee accrued, host to home school, booked in the open period, or left unbooked (period 0,
 *   listed in `unbookedFeeReversals`) only when host or home school is not in that period.
 * - Recognition: by an active home school, of a record of the named issuer's anchored batch, never
 *   revoked or decided before, a valid decision, its fee in the open period; with the record's fields
 *   (options.records): by the record's home school, within the attested credits and the course
 *   version's credits, a certified version recognised in full, the fee the version's terms give.
 * - Roles: after bootstrap, roles change only by an executed council proposal (or a holder resigning);
 *   keys are added by the member itself, at registration, or by an executed key-recovery proposal.
 * - Costs: confirmations by a secretariat key that is not a key of the entry's member; each closed
 *   period's nets are the ones its totals give.
 */
export function replayLedger(events: readonly LedgerEvent[], options: ReplayLedgerOptions = {}): ReplayedLedger {
  const status = new Map<number, number>();
  const keyOwner = new Map<string, { memberId: number; current: boolean }>();
  const secretariat = new Set<string>();
  /** root -> the issuers that anchored it, to tell "another member's batch" from "no batch at all". */
  const rootIssuers = new Map<string, number[]>();
  /** What events said a leaf is: its issuer and index are in the leaf, so they never change. */
  const leafIdentity = new Map<string, { issuerId: number; index: number }>();
  const roleProposals = new Map<string, { role: string; account: string; grant: boolean }>();
  const keyProposals = new Map<string, { memberId: number; account: string }>();
  let bootstrapped = false;
  let openPeriodId = 0;
  const out: ReplayedLedger = {
    batches: new Map(),
    records: new Map(),
    revoked: new Map(),
    supersededBy: new Map(),
    recognitions: new Map(),
    entries: new Map(),
    periods: new Map(),
    totals: new Map(),
    courseVersions: new Map(),
    settlements: new Map(),
    unbookedFeeReversals: [],
    discrepancies: [],
  };
  // The read model's folds book entries, totals and course versions straight into the replay's maps:
  // the audit applies an event the rules allow exactly as the indexer does.
  const scratch = createMemoryStore();
  const shared = { costEntries: out.entries, periodTotals: out.totals, courseVersions: out.courseVersions } as Record<
    string,
    Map<string, unknown>
  >;
  const store: LedgerStore = {
    get: (table, key) => (shared[table] ? (shared[table].get(key) as never) : scratch.get(table, key)),
    set: (table, key, row) => void (shared[table] ? shared[table].set(key, row) : scratch.set(table, key, row)),
  };
  const flag = (d: Discrepancy) => out.discrepancies.push(d);
  /** One discrepancy per code for one event's record, its reasons joined. */
  const refuse = (
    problems: Array<{ code: string; message: string }>,
    recordType: Discrepancy["recordType"],
    recordId: string,
    what: string,
  ) => {
    const byCode = new Map<string, string[]>();
    for (const p of problems) byCode.set(p.code, [...(byCode.get(p.code) ?? []), p.message]);
    for (const [code, messages] of byCode)
      flag({ code, recordType, recordId, message: `${what}: ${messages.join("; ")}` });
  };
  const totals = (periodId: number, memberId: number) => {
    const t = periodTotals(store, periodId, memberId);
    store.set("periodTotals", totalsKey(periodId, memberId), t);
    return t;
  };
  const recordOf = (issuerId: number, root: string, index: number, leaf: string) => {
    const key = recordKey(issuerId, root, index);
    let r = out.records.get(key);
    if (!r) {
      r = { leaf, revoked: false, decided: false, feeAccrued: false };
      out.records.set(key, r);
    }
    return { key, record: r };
  };
  /** The export's name for a leaf, or the leaf itself. */
  const nameOf = (leaf: string) => options.records?.get(leaf)?.recordId ?? leaf;
  /** Problems with the record (issuerId, root, index) an event names: its batch, index and identity. */
  const recordProblems = (leaf: string, issuerId: number, root: string, index: number) => {
    const problems: Array<{ code: string; message: string }> = [];
    const batch = out.batches.get(batchKey(issuerId, root));
    if (!batch) {
      const others = rootIssuers.get(root.toLowerCase());
      if (others)
        problems.push({
          code: "NOT_ISSUERS_BATCH",
          message: `batch ${root} was anchored by member ${others.join(", ")}, not by member ${issuerId}`,
        });
      else
        problems.push({ code: "BATCH_NOT_ANCHORED", message: `no batch ${root} of member ${issuerId} was anchored` });
    } else if (index >= batch.count) {
      problems.push({
        code: "INDEX_OUT_OF_RANGE",
        message: `index ${index} is not below batch ${root}'s count ${batch.count}`,
      });
    }
    const known = options.records?.get(leaf)?.attestation ?? leafIdentity.get(leaf);
    if (known && known.issuerId !== issuerId)
      problems.push({
        code: "NOT_ISSUERS_RECORD",
        message: `the record was issued by member ${known.issuerId}, not member ${issuerId}`,
      });
    if (known && known.index !== index)
      problems.push({
        code: "INDEX_MISMATCH",
        message: `the record's index is ${known.index}, the event names ${index}`,
      });
    return problems;
  };
  const learn = (leaf: string, issuerId: number, index: number) => {
    if (!leafIdentity.has(leaf)) leafIdentity.set(leaf, { issuerId, index });
  };

  // Rules about a whole transaction are checked when it ends (events of one transaction are adjacent).
  let txHash: string | undefined;
  let atTxEnd: Array<() => void> = [];
  let executed = new Set<string>();
  let registered = new Set<number>();
  let revokedInTx = new Map<string, { key: string; issuerId: number }>();
  let reversedInTx = new Set<string>();
  const endTx = () => {
    for (const check of atTxEnd) check();
    atTxEnd = [];
    executed = new Set();
    registered = new Set();
    revokedInTx = new Map();
    reversedInTx = new Set();
  };

  for (const e of events) {
    if (e.transactionHash !== txHash) {
      endTx();
      txHash = e.transactionHash;
    }
    const a = e.args;
    switch (e.name) {
      case "MemberRegistered":
        status.set(Number(a.memberId), 1);
        registered.add(Number(a.memberId));
        break;
      case "MemberStatusChanged":
        status.set(Number(a.memberId), Number(a.to));
        break;
      case "OperatorAdded": {
        const account = String(a.account).toLowerCase();
        const memberId = Number(a.memberId);
        const by = keyOwner.get(String(a.by).toLowerCase());
        const byItself = by?.current && by.memberId === memberId && status.get(memberId) === ACTIVE;
        if (!byItself && !registered.has(memberId)) {
          // Otherwise only a council key recovery adds a key; its execution follows in the transaction.
          atTxEnd.push(() => {
            const recovered = [...executed].some(
              (p) => keyProposals.get(p)?.memberId === memberId && keyProposals.get(p)?.account === account,
            );
            if (!recovered)
              flag({
                code: "KEY_ADDED_WITHOUT_AUTHORITY",
                recordType: "operatorKey",
                recordId: String(a.account),
                message: `added to member ${memberId} by ${a.by}, which is neither a current key of that active member nor a council key recovery`,
              });
          });
        }
        keyOwner.set(account, { memberId, current: true });
        break;
      }
      case "OperatorRemoved":
        keyOwner.set(String(a.account).toLowerCase(), { memberId: Number(a.memberId), current: false });
        break;
      case "BootstrapCompleted":
        bootstrapped = true;
        break;
      case "RoleChangeProposed":
        roleProposals.set(String(a.proposalId), {
          role: String(a.role),
          account: String(a.account).toLowerCase(),
          grant: Boolean(a.grant),
        });
        break;
      case "KeyRecoveryProposed":
        keyProposals.set(String(a.proposalId), {
          memberId: Number(a.memberId),
          account: String(a.account).toLowerCase(),
        });
        break;
      case "ProposalExecuted":
        executed.add(String(a.proposalId));
        break;
      case "RoleGranted":
      case "RoleRevoked": {
        const account = String(a.account).toLowerCase();
        const grant = e.name === "RoleGranted";
        const resigned = !grant && String(a.sender).toLowerCase() === account;
        if (bootstrapped && !resigned) {
          // The proposal's execution is emitted after the role change, in the same transaction.
          atTxEnd.push(() => {
            const decided = [...executed].some((p) => {
              const rc = roleProposals.get(p);
              return rc && rc.role === a.role && rc.account === account && rc.grant === grant;
            });
            if (!decided)
              flag({
                code: "ROLE_CHANGE_WITHOUT_COUNCIL",
                recordType: "role",
                recordId: String(a.account),
                message: `role ${a.role} ${grant ? "granted to" : "revoked from"} ${a.account} by ${a.sender} after bootstrap, without an executed council proposal`,
              });
          });
        }
        if (a.role === SECRETARIAT) {
          if (grant) secretariat.add(account);
          else secretariat.delete(account);
        }
        break;
      }
      case "CoursePublished":
      case "CourseVersionPublished":
      case "CourseTierChanged":
      case "CourseRetired":
        foldCatalogEvent(store, e);
        break;

      case "BatchAnchored": {
        const root = String(a.root).toLowerCase();
        const issuerId = Number(a.issuerId);
        const key = batchKey(issuerId, root);
        if (out.batches.has(key)) {
          flag({
            code: "BATCH_ANCHORED_TWICE",
            recordType: "batch",
            recordId: root,
            message: `member ${issuerId} anchored batch ${root} again at block ${e.blockNumber}`,
          });
          break;
        }
        out.batches.set(key, {
          issuerId,
          root,
          count: Number(a.count),
          blockNumber: e.blockNumber,
          anchoredBy: String(a.anchoredBy),
        });
        rootIssuers.set(root, [...(rootIssuers.get(root) ?? []), issuerId]);
        if (status.get(issuerId) !== ACTIVE) {
          flag({
            code: "ISSUER_NOT_ACTIVE_AT_ANCHORING",
            recordType: "batch",
            recordId: root,
            message: `member ${issuerId} was not active when batch was anchored at block ${e.blockNumber}`,
          });
        }
        const key2 = keyOwner.get(String(a.anchoredBy).toLowerCase());
        if (!key2?.current || key2.memberId !== issuerId) {
          flag({
            code: "ANCHOR_KEY_NOT_VALID",
            recordType: "batch",
            recordId: root,
            message: `key ${a.anchoredBy} was not a current key of member ${issuerId}`,
          });
        }
        if (Number(a.count) === 0)
          flag({ code: "BATCH_EMPTY", recordType: "batch", recordId: root, message: "anchored with a count of zero" });
        break;
      }
      case "AttestationRevoked": {
        const leaf = String(a.leaf).toLowerCase();
        const root = String(a.root).toLowerCase();
        const issuerId = Number(a.issuerId);
        const index = Number(a.index);
        const problems = recordProblems(leaf, issuerId, root, index).map((p) => ({
          code:
            p.code === "NOT_ISSUERS_BATCH" || p.code === "NOT_ISSUERS_RECORD"
              ? "REVOCATION_NOT_BY_ISSUER"
              : p.code === "BATCH_NOT_ANCHORED"
                ? "REVOCATION_OF_UNANCHORED_RECORD"
                : `REVOCATION_${p.code}`,
          message: p.message,
        }));
        const { key, record } = problems.length
          ? { key: "", record: undefined }
          : recordOf(issuerId, root, index, leaf);
        if (record?.revoked)
          problems.push({
            code: "REVOCATION_DUPLICATED",
            message: `record ${index} of batch ${root} was already revoked`,
          });
        if (Number(a.reasonCode) === 0)
          problems.push({ code: "REVOCATION_WITHOUT_REASON", message: "revoked with reason code 0" });
        if (problems.length || !record) {
          refuse(problems, "revocation", nameOf(leaf), `revocation at block ${e.blockNumber}`);
          break;
        }
        learn(leaf, issuerId, index);
        record.revoked = true;
        out.revoked.set(leaf, Number(a.reasonCode));
        revokedInTx.set(leaf, { key, issuerId });
        if (record.feeAccrued) {
          // The accrued fee must flow back in this transaction.
          atTxEnd.push(() => {
            if (!reversedInTx.has(leaf))
              flag({
                code: "FEE_NOT_REVERSED",
                recordType: "revocation",
                recordId: nameOf(leaf),
                message: `the recognised record was revoked at block ${e.blockNumber} without its fee flowing back`,
              });
          });
        }
        break;
      }
      case "AttestationSuperseded": {
        const leaf = String(a.leaf).toLowerCase();
        const replacementLeaf = String(a.replacementLeaf).toLowerCase();
        const replacementRoot = String(a.replacementRoot).toLowerCase();
        const issuerId = Number(a.issuerId);
        const problems: Array<{ code: string; message: string }> = [];
        const revocation = revokedInTx.get(leaf);
        if (!revocation)
          problems.push({
            code: "SUPERSEDE_WITHOUT_REVOCATION",
            message: "the superseded record was not revoked by its issuer in the same transaction",
          });
        else if (revocation.issuerId !== issuerId)
          problems.push({
            code: "SUPERSEDE_NOT_BY_ISSUER",
            message: `the record is member ${revocation.issuerId}'s, the supersession names member ${issuerId}`,
          });
        if (replacementLeaf === leaf)
          problems.push({ code: "SUPERSEDE_BY_ITSELF", message: "the replacement is the record itself" });
        const replacement = options.records?.get(replacementLeaf)?.attestation ?? leafIdentity.get(replacementLeaf);
        if (replacement && replacement.issuerId !== issuerId)
          problems.push({
            code: "SUPERSEDE_NOT_BY_ISSUER",
            message: `the replacement is member ${replacement.issuerId}'s record, not member ${issuerId}'s`,
          });
        if (!out.batches.has(batchKey(issuerId, replacementRoot))) {
          const others = rootIssuers.get(replacementRoot);
          problems.push(
            others
              ? {
                  code: "SUPERSEDE_NOT_BY_ISSUER",
                  message: `the replacement's batch ${replacementRoot} was anchored by member ${others.join(", ")}, not by member ${issuerId}`,
                }
              : {
                  code: "SUPERSEDE_REPLACEMENT_NOT_ANCHORED",
                  message: `no batch ${replacementRoot} of member ${issuerId} was anchored`,
                },
          );
        } else if (replacement && out.records.get(recordKey(issuerId, replacementRoot, replacement.index))?.revoked) {
          problems.push({ code: "SUPERSEDE_BY_REVOKED", message: "the replacement was itself revoked" });
        }
        if (problems.length) {
          refuse(problems, "revocation", nameOf(leaf), `supersession at block ${e.blockNumber}`);
          break;
        }
        out.supersededBy.set(leaf, { replacementLeaf, replacementRoot });
        break;
      }
      case "RecognitionDecided":
        recognitionDecided(e);
        break;
      case "RecognitionFeeReversed": {
        const leaf = String(a.leaf).toLowerCase();
        const fee = BigInt(a.fee);
        const homeId = Number(a.homeId);
        const hostId = Number(a.hostId);
        const periodId = Number(a.periodId);
        const revocation = revokedInTx.get(leaf);
        const recognition = revocation && out.recognitions.get(revocation.key);
        const problems: string[] = [];
        if (!recognition) problems.push("no revocation of a recognised record precedes it in the transaction");
        else {
          if (recognition.fee === 0n) problems.push("the record's recognition accrued no fee");
          if (recognition.feeReversed || reversedInTx.has(leaf)) problems.push("its fee was already reversed");
          if (recognition.fee !== fee) problems.push(`reverses ${fee}, the recognition accrued ${recognition.fee}`);
          if (recognition.homeId !== homeId || recognition.issuerId !== hostId)
            problems.push(
              `flows from member ${hostId} to ${homeId}; the recognition's fee went from ${recognition.homeId} to ${recognition.issuerId}`,
            );
        }
        // The reversal waits for an open period; it is booked there unless host or home school left it.
        const listed = (memberId: number) =>
          out.periods.get(openPeriodId)?.shares.some((s) => s.memberId === memberId) ?? false;
        const bookable = listed(hostId) && listed(homeId);
        if (openPeriodId === 0) problems.push("no period was open");
        else if (periodId === 0 && bookable)
          problems.push(
            `left unbooked, though members ${hostId} and ${homeId} are both in open period ${openPeriodId}`,
          );
        else if (periodId !== 0 && periodId !== openPeriodId)
          problems.push(`booked in period ${periodId}, the open period was ${openPeriodId}`);
        else if (periodId !== 0 && !bookable)
          problems.push(`booked in period ${periodId}, which does not list both members ${hostId} and ${homeId}`);
        if (problems.length) {
          flag({
            code: "FEE_REVERSAL_INVALID",
            recordType: "revocation",
            recordId: nameOf(leaf),
            message: `fee reversal at block ${e.blockNumber}: ${problems.join("; ")}`,
          });
          break;
        }
        reversedInTx.add(leaf);
        recognition!.feeReversed = { fee, periodId };
        out.records.get(revocation!.key)!.feeAccrued = false;
        if (periodId === 0) {
          out.unbookedFeeReversals.push({
            recordId: nameOf(leaf),
            leaf,
            hostId,
            homeId,
            fee,
            blockNumber: e.blockNumber,
            transactionHash: e.transactionHash,
          });
          break;
        }
        // In the open period the host pays the fee back and the home school is owed it.
        bookFee(store, periodId, { payer: hostId, payee: homeId, fee });
        break;
      }

      case "UseConfirmed":
      case "DisputeResolved": {
        // A shared resource's fee accrues like a course fee: payable by the user, receivable by the host,
        // in the period open at the time (none named when the fee is zero).
        const fee = BigInt(a.fee);
        const periodId = Number(a.periodId);
        const payer = Number(a.userId);
        const payee = Number(a.hostMemberId);
        const listed = (memberId: number) =>
          out.periods.get(openPeriodId)?.shares.some((s) => s.memberId === memberId) ?? false;
        const problem =
          fee === 0n
            ? periodId !== 0 && `no fee, yet period ${periodId} named`
            : periodId !== openPeriodId || openPeriodId === 0
              ? `fee booked in period ${periodId}, the open period was ${openPeriodId || "none"}`
              : !(listed(payer) && listed(payee)) &&
                `booked in period ${periodId}, which does not list both members ${payer} and ${payee}`;
        if (problem) {
          flag({
            code: "RESOURCE_FEE_WRONG",
            recordType: "resourceUse",
            recordId: String(a.useId),
            message: `${e.name} at block ${e.blockNumber}: ${problem}`,
          });
          break;
        }
        foldResourceEvent(store, e);
        break;
      }
      case "PeriodOpened": {
        const ids = [...a.memberIds].map(Number);
        const shares = [...a.sharesBps].map(Number);
        openPeriodId = Number(a.periodId);
        out.periods.set(openPeriodId, {
          currency: a.currency ? toUtf8String(String(a.currency)) : "",
          shares: ids.map((memberId, i) => ({ memberId, shareBps: shares[i] })),
        });
        for (const m of ids) totals(openPeriodId, m);
        break;
      }
      case "EntryClaimed":
      case "EntryRejected":
        foldCostEvent(store, e);
        break;
      case "EntryConfirmed": {
        const entryId = String(a.entryId);
        const entry = out.entries.get(entryId);
        const by = String(a.by).toLowerCase();
        let refused = false;
        if (!secretariat.has(by)) {
          refused = true;
          flag({
            code: "CONFIRMATION_NOT_BY_SECRETARIAT",
            recordType: "costEntry",
            recordId: entryId,
            message: `confirmed by ${a.by}, who did not hold the secretariat role`,
          });
        }
        // Keys are never reused, so a key that ever belonged to the entry's member is that member's.
        const byMember = keyOwner.get(by)?.memberId;
        if (byMember !== undefined && byMember === Number(a.memberId)) {
          refused = true;
          flag({
            code: "CONFIRMATION_BY_OWN_MEMBER",
            recordType: "costEntry",
            recordId: entryId,
            message: `confirmed by ${a.by}, a key of member ${byMember}, whose own entry it is`,
          });
        }
        if (refused || !entry) break;
        foldCostEvent(store, e);
        break;
      }
      case "SettlementRecorded": {
        const periodId = Number(a.periodId);
        out.settlements.set(String(a.settlementId), {
          settlementId: String(a.settlementId),
          periodId,
          payerId: Number(a.payerId),
          payeeId: Number(a.payeeId),
          amount: BigInt(a.amount),
          recordedInClosedPeriod: out.periods.get(periodId)?.closed !== undefined,
          confirmations: [],
        });
        break;
      }
      case "SettlementConfirmed": {
        // The sender is not in the event: the audit looks it up (args.sender) before the replay.
        const sender = a.sender === undefined ? undefined : a.sender === null ? null : String(a.sender).toLowerCase();
        const key = sender ? keyOwner.get(sender) : undefined;
        const senderMemberId = sender === undefined ? undefined : key?.current ? key.memberId : null;
        out.settlements
          .get(String(a.settlementId))
          ?.confirmations.push({ payeeId: Number(a.payeeId), senderMemberId, blockNumber: e.blockNumber });
        break;
      }
      case "PeriodClosed": {
        const periodId = Number(a.periodId);
        if (periodId === openPeriodId) openPeriodId = 0;
        const period = out.periods.get(periodId);
        if (!period) break;
        const nets = [...a.nets].map((n) => BigInt(n));
        period.closed = { reportHash: String(a.reportHash), nets };
        const expected = computeNetPositions(period.shares.map((s) => ({ ...s, ...totals(periodId, s.memberId) })));
        expected.forEach((n, i) => {
          if (n.net !== nets[i]) {
            flag({
              code: "PERIOD_NETS_MISMATCH",
              recordType: "period",
              recordId: String(periodId),
              message: `member ${n.memberId}: closed with net ${nets[i]}, its totals give ${n.net}`,
            });
          }
        });
        break;
      }
    }
  }
  endTx();
  return out;

  function recognitionDecided(e: LedgerEvent) {
    const a = e.args;
    const leaf = String(a.leaf).toLowerCase();
    const homeId = Number(a.homeId);
    const r: ReplayedRecognition = {
      leaf,
      homeId,
      issuerId: Number(a.issuerId),
      batchRoot: String(a.batchRoot).toLowerCase(),
      index: Number(a.index),
      decision: Number(a.decision),
      recognisedCredits: Number(a.recognisedCredits),
      fee: BigInt(a.feeAccrued),
      periodId: Number(a.feePeriodId),
    };
    const problems: Array<{ code: string; message: string }> = [];
    const problem = (code: string, message: string) => problems.push({ code, message });
    if (status.get(homeId) !== ACTIVE)
      problem("RECOGNITION_BY_INACTIVE_MEMBER", `member ${homeId} was not active when it decided`);
    for (const p of recordProblems(leaf, r.issuerId, r.batchRoot, r.index)) {
      const code =
        p.code === "NOT_ISSUERS_BATCH" || p.code === "BATCH_NOT_ANCHORED"
          ? "RECOGNITION_BATCH_MISMATCH"
          : p.code === "NOT_ISSUERS_RECORD"
            ? "RECOGNITION_ISSUER_MISMATCH"
            : `RECOGNITION_${p.code}`;
      problem(code, p.message);
    }
    const state = out.records.get(recordKey(r.issuerId, r.batchRoot, r.index));
    if (state?.revoked) problem("RECOGNITION_OF_REVOKED", "the record was revoked before this decision");
    if (state?.decided) problem("RECOGNITION_DUPLICATED", "a second decision on the same record");

    // The decision itself, from the event alone.
    const rejected = r.decision === Decision.Rejected;
    const validDecision =
      r.decision === Decision.Accepted
        ? r.recognisedCredits > 0
        : r.decision === Decision.AcceptedWithConversion
          ? r.recognisedCredits > 0 && a.localCourseRef !== ZeroHash && a.conversionRuleRef !== ZeroHash
          : rejected && r.recognisedCredits === 0 && Number(a.rejectReason) !== 0;
    if (!validDecision)
      problem(
        "RECOGNITION_INVALID_DECISION",
        `decision ${r.decision} with ${r.recognisedCredits} credits is not a valid decision`,
      );
    if (rejected && (r.fee !== 0n || r.periodId !== 0))
      problem("RECOGNITION_FEE_WRONG", `a rejection accrued ${r.fee} in period ${r.periodId}`);
    if (r.fee > 0n && r.periodId !== openPeriodId)
      problem(
        "RECOGNITION_FEE_OUTSIDE_OPEN_PERIOD",
        `fee booked in period ${r.periodId}, the open period was ${openPeriodId || "none"}`,
      );
    if (r.fee === 0n && r.periodId !== 0) problem("RECOGNITION_FEE_WRONG", `no fee, yet period ${r.periodId} named`);

    // With the record's fields: its home school, credits, course version and fee.
    const att = options.records?.get(leaf)?.attestation;
    if (att) {
      if (att.homeId !== homeId)
        problem("RECOGNITION_NOT_BY_HOME", `decided by member ${homeId}; the student's home school is ${att.homeId}`);
      if (r.recognisedCredits > att.credits)
        problem("RECOGNITION_CREDITS_EXCEED", `${r.recognisedCredits} recognised of ${att.credits} attested`);
      if (r.decision === Decision.Accepted && r.recognisedCredits !== att.credits)
        problem(
          "RECOGNITION_INVALID_DECISION",
          `accepted with ${r.recognisedCredits} of ${att.credits} attested credits`,
        );
      const version = out.courseVersions.get(`${att.courseId}:${att.courseVersion}`);
      if (!version)
        problem(
          "RECOGNITION_UNKNOWN_COURSE",
          `course ${att.courseId} version ${att.courseVersion} was never published`,
        );
      else {
        if (version.hostMemberId !== att.issuerId)
          problem(
            "RECOGNITION_COURSE_HOST_MISMATCH",
            `course ${att.courseId} is hosted by member ${version.hostMemberId}, the record was issued by ${att.issuerId}`,
          );
        const most = Math.max(att.credits, r.recognisedCredits);
        if (most > version.credits)
          problem(
            "RECOGNITION_CREDITS_EXCEED_COURSE",
            `${att.credits} attested and ${r.recognisedCredits} recognised; course ${att.courseId} version ${att.courseVersion} awards ${version.credits}`,
          );
        if (version.tier === CERTIFIED && (rejected || r.recognisedCredits !== att.credits))
          problem(
            "RECOGNITION_OF_CERTIFIED_REFUSED",
            `course ${att.courseId} version ${att.courseVersion} is certified: every attested credit must be recognised`,
          );
        const expectedFee = rejected ? 0n : (BigInt(att.credits) * version.feePerCredit) / 100n;
        if (r.fee !== expectedFee)
          problem("RECOGNITION_FEE_WRONG", `accrued ${r.fee}, the course terms give ${expectedFee}`);
      }
    }

    if (problems.length) {
      refuse(problems, "recognition", nameOf(leaf), `decision at block ${e.blockNumber}`);
      return;
    }
    learn(leaf, r.issuerId, r.index);
    const { key, record } = recordOf(r.issuerId, r.batchRoot, r.index, leaf);
    record.decided = true;
    record.feeAccrued = r.fee > 0n;
    out.recognitions.set(key, r);
    if (r.fee > 0n) bookFee(store, r.periodId, { payer: homeId, payee: r.issuerId, fee: r.fee });
  }
}
