import type { Provider } from "ethers";
import type { Attestation } from "../attestations/attestation.js";
import type { AllianceAddresses } from "../client/createAllianceClient.js";
import { CostLedger__factory } from "../generated/typechain/index.js";
import type { CostEntryKind } from "../reconciliation/reconcilePeriod.js";
import { auditScopeUsed, inAuditScope, type AuditScope, type AuditScopeUsed } from "./auditScope.js";
import { checkAttestations, indexAttestations } from "./checkAttestations.js";
import { checkClosingReports } from "./checkClosingReports.js";
import { checkSettlements } from "./checkSettlements.js";
import { lookUpSettlementConfirmers } from "./lookUpSettlementConfirmers.js";
import { readLedgerEvents } from "./readLedgerEvents.js";
import {
  replayLedger,
  totalsKey,
  type Discrepancy,
  type MemberPeriodTotals,
  type ReplayedLedger,
} from "./replayLedger.js";

/** The off-chain records an auditor is given (the gateway's export), to be checked against the chain. */
export interface AuditExport {
  attestations: Array<{
    recordId: string;
    batchRoot: string;
    proof?: string[];
    attestation: Attestation;
  }>;
  /**
   * Each anchored batch's leaves in index order, as kept when it was anchored: with them a deleted
   * record is named by its leaf, and no intact record of its batch is blamed.
   */
  batches?: Array<{ issuerId: number; root: string; leaves: string[] }>;
  costEntries: Array<{
    recordId: string;
    entryId: string;
    periodId: number;
    memberId: number;
    kind: CostEntryKind;
    amount: bigint;
    status: "claimed" | "confirmed" | "rejected";
  }>;
  /** Each closed period's closing report, byte for byte (its SHA-256 is on chain). */
  reports?: Array<{ periodId: number; report: string }>;
  /** The secretariat's books, when kept apart from the reports: each member's totals per period. */
  /** incomeReceived may be absent from books kept before alliance income existed: none. */
  periodTotals?: Array<
    { periodId: number; memberId: number } & Omit<MemberPeriodTotals, "incomeReceived"> & { incomeReceived?: bigint }
  >;
  /**
   * What the export says it covers. Informational only: the auditor decides the scope
   * ({@link AuditLedgerParameters.scope}); an export cannot vouch for its own completeness.
   */
  scope?: unknown;
}

export type AuditPhase =
  | "events"
  | "replay"
  | "attestations"
  | "costEntries"
  | "reports"
  | "periodTotals"
  | "settlements";

export interface AuditLedgerParameters {
  provider: Provider;
  addresses: AllianceAddresses;
  /** The off-chain records; without them only the chain is audited against its own rules. */
  export?: AuditExport;
  /** The auditor's choice of what to cover; by default everything on chain. */
  scope?: AuditScope;
  onProgress?: (phase: AuditPhase, detail: string) => void;
}

export interface AuditReport {
  passed: boolean;
  chainId: number;
  addresses: AllianceAddresses;
  fromBlock: number;
  toBlock: number;
  /** The scope the audit covered: the auditor's choice, "all" (on chain) where it chose none. */
  scope: AuditScopeUsed;
  counts: Record<string, number>;
  discrepancies: Discrepancy[];
  /**
   * Revocations whose fee flowed back while host or home school was out of the open period (it left the
   * alliance): the ledger leaves them unbooked (period 0), to be settled outside it. Not discrepancies.
   * Fees in minor units, as decimal strings.
   */
  unbookedFeeReversals: Array<{
    recordId: string;
    leaf: string;
    hostId: number;
    homeId: number;
    fee: string;
    blockNumber: number;
    transactionHash: string;
  }>;
}

/**
 * Audits the ledger: replays every chain event (issuer standing at anchoring, revocation and
 * recognition authority, fee reversals, role and key changes, confirmations, period nets, settlements;
 * with the export's records, each decision against its record's course version), then checks every
 * off-chain record against the chain and, within the auditor's scope (everything on chain unless it
 * narrows it), that nothing on chain is missing from the export: every record of every anchored batch,
 * every claimed cost entry, every closed period's report (its hash against the one recorded at close,
 * its nets and settlement plan against the chain's). Reads events in block ranges plus one view call
 * per period member and one transaction per settlement confirmation; never one call per record.
 */
export async function auditLedger(p: AuditLedgerParameters): Promise<AuditReport> {
  const progress = p.onProgress ?? (() => {});
  const scope = p.scope ?? {};
  const { chainId } = await p.provider.getNetwork();
  const { events, fromBlock, toBlock } = await readLedgerEvents({
    provider: p.provider,
    addresses: p.addresses,
    onProgress: (done, total, n) => progress("events", `${done}/${total} blocks, ${n} events`),
  });
  await lookUpSettlementConfirmers(p.provider, p.addresses, events);
  progress("replay", `${events.length} events`);
  // The export's records by leaf, so the replay can check what needs a record's fields.
  const exported = p.export && indexAttestations(p.export.attestations);
  const chain = replayLedger(events, { records: exported?.leafOwner });
  const discrepancies = [...chain.discrepancies];
  const flag = (d: Discrepancy) => discrepancies.push(d);

  if (p.export && exported) {
    progress("attestations", `${p.export.attestations.length} records`);
    for (const d of exported.duplicates) flag(d);
    checkAttestations(exported, p.export.batches, chain, flag, scope.issuerIds);
    progress("costEntries", `${p.export.costEntries.length} records`);
    checkCostEntries(p.export.costEntries, chain, flag, scope);
    progress("reports", `${p.export.reports?.length ?? 0} reports`);
    checkClosingReports(p.export.reports ?? [], chain, flag, scope.periodIds);
    if (p.export.periodTotals) {
      progress("periodTotals", `${chain.totals.size} member-periods`);
      checkBooks(p.export.periodTotals, chain, flag, scope.periodIds);
    }
  }
  progress("settlements", `${chain.settlements.size} settlements`);
  checkSettlements(chain, flag, scope.periodIds);
  await checkChainTotals(p, chain, flag);

  return {
    passed: discrepancies.length === 0,
    chainId: Number(chainId),
    addresses: p.addresses,
    fromBlock,
    toBlock,
    scope: auditScopeUsed(p.scope),
    counts: {
      events: events.length,
      batches: chain.batches.size,
      attestations: p.export?.attestations.length ?? 0,
      revocations: chain.revoked.size,
      recognitions: chain.recognitions.size,
      costEntries: chain.entries.size,
      periods: chain.periods.size,
      reports: p.export?.reports?.length ?? 0,
      settlements: chain.settlements.size,
      unbookedFeeReversals: chain.unbookedFeeReversals.length,
    },
    discrepancies,
    unbookedFeeReversals: chain.unbookedFeeReversals.map((u) => ({
      ...u,
      fee: u.fee.toString(),
    })),
  };
}

/** Every exported cost entry exists on chain with the same amount, kind, member, period and status; every entry on chain in scope is exported. */
function checkCostEntries(
  records: AuditExport["costEntries"],
  chain: ReplayedLedger,
  flag: (d: Discrepancy) => void,
  scope: AuditScope,
) {
  const seen = new Set<string>();
  for (const r of records) {
    seen.add(r.entryId);
    const c = chain.entries.get(r.entryId);
    if (!c) {
      flag({
        code: "ENTRY_NOT_ON_CHAIN",
        recordType: "costEntry",
        recordId: r.recordId,
        message: `entry ${r.entryId} was never claimed on chain (inserted)`,
      });
      continue;
    }
    const differences = [
      c.amount !== r.amount && `amount ${r.amount} in the export, ${c.amount} on chain`,
      c.kind !== r.kind && `kind ${r.kind} in the export, ${c.kind} on chain`,
      c.memberId !== r.memberId && `member ${r.memberId} in the export, ${c.memberId} on chain`,
      c.periodId !== r.periodId && `period ${r.periodId} in the export, ${c.periodId} on chain`,
      c.status !== r.status && `status ${r.status} in the export, ${c.status} on chain`,
    ].filter(Boolean);
    if (differences.length)
      flag({
        code: "ENTRY_ALTERED",
        recordType: "costEntry",
        recordId: r.recordId,
        message: differences.join("; "),
      });
  }
  for (const [entryId, c] of chain.entries) {
    if (seen.has(entryId) || !inAuditScope(scope.memberIds, c.memberId) || !inAuditScope(scope.periodIds, c.periodId))
      continue;
    flag({
      code: "ENTRY_MISSING",
      recordType: "costEntry",
      recordId: entryId,
      message: `member ${c.memberId}'s ${c.kind} of ${c.amount} in period ${c.periodId} is on chain but not in the export (removed)`,
    });
  }
}

const TOTAL_FIELDS = ["contributed", "expensesPaid", "feesReceivable", "feesPayable", "incomeReceived"] as const;

/** The secretariat's books equal the totals rebuilt from events. */
function checkBooks(
  periodTotals: NonNullable<AuditExport["periodTotals"]>,
  chain: ReplayedLedger,
  flag: (d: Discrepancy) => void,
  periodIds?: number[],
) {
  const fields = TOTAL_FIELDS;
  const books = new Map(periodTotals.map((t) => [totalsKey(t.periodId, t.memberId), t]));
  for (const [key, replayed] of chain.totals) {
    const book = books.get(key);
    const [periodId, memberId] = key.split(":");
    if (!inAuditScope(periodIds, Number(periodId))) continue;
    const where = `period ${periodId}, member ${memberId}`;
    if (!book) {
      flag({
        code: "PERIOD_TOTAL_MISSING",
        recordType: "periodTotal",
        recordId: key,
        message: `${where}: no totals in the export`,
      });
      continue;
    }
    const wrong = fields
      .filter((f) => (book[f] ?? 0n) !== replayed[f])
      .map((f) => `${f} ${book[f]} in the books, ${replayed[f]} from the chain`);
    if (wrong.length)
      flag({
        code: "PERIOD_TOTAL_MISMATCH",
        recordType: "periodTotal",
        recordId: key,
        message: `${where}: ${wrong.join("; ")}`,
      });
  }
}

/** The contract's own running totals equal the totals rebuilt from its events. */
async function checkChainTotals(p: AuditLedgerParameters, chain: ReplayedLedger, flag: (d: Discrepancy) => void) {
  const fields = TOTAL_FIELDS;
  const ledger = CostLedger__factory.connect(p.addresses.costLedger, p.provider);
  const keys = [...chain.totals.keys()];
  const onChain = await Promise.all(
    keys.map(async (k) => {
      const [periodId, memberId] = k.split(":").map(Number);
      const [t, incomeReceived] = await Promise.all([
        ledger.memberTotals(periodId, memberId),
        ledger.incomeReceived(periodId, memberId),
      ]);
      const { contributed, expensesPaid, feesReceivable, feesPayable } = t;
      return {
        contributed,
        expensesPaid,
        feesReceivable,
        feesPayable,
        incomeReceived,
      };
    }),
  );
  keys.forEach((key, i) => {
    const replayed = chain.totals.get(key)!;
    if (fields.some((f) => onChain[i][f] !== replayed[f])) {
      flag({
        code: "CHAIN_TOTAL_MISMATCH",
        recordType: "periodTotal",
        recordId: key,
        message: "the contract's running totals disagree with its own events",
      });
    }
  });
}
