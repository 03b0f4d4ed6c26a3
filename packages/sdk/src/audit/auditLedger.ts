import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import type { Provider } from "ethers";
import type { Attestation } from "../attestations/attestation.js";
import { attestationLeafBytes, merkleRootOfLeaves, toHex } from "../attestations/merkleRoot.js";
import type { AllianceAddresses } from "../client/createAllianceClient.js";
import { CostLedger__factory } from "../generated/typechain/index.js";
import type { CostEntryKind } from "../reconciliation/reconcilePeriod.js";
import { readLedgerEvents } from "./readLedgerEvents.js";
import { batchKey, replayLedger, totalsKey, type Discrepancy, type MemberPeriodTotals, type ReplayedLedger } from "./replayLedger.js";

/** The off-chain records an auditor is given (the gateway's export), to be checked against the chain. */
export interface AuditExport {
  attestations: Array<{ recordId: string; batchRoot: string; proof?: string[]; attestation: Attestation }>;
  costEntries: Array<{ recordId: string; entryId: string; periodId: number; memberId: number; kind: CostEntryKind; amount: bigint; status: "claimed" | "confirmed" | "rejected" }>;
  /** The secretariat's books: each member's totals per period. */
  periodTotals: Array<{ periodId: number; memberId: number } & MemberPeriodTotals>;
  /**
   * What the export claims to hold in full, when it is one gateway's share of the alliance: chain
   * records outside it are not reported missing. Absent: the export claims everything on chain.
   */
  scope?: {
    /** Attestations of these issuers (their batches, and recognitions of their records). */
    issuerIds?: number[];
    /** Cost entries of these members. */
    costEntryMemberIds?: number[];
    /** Period totals of these periods. */
    periodIds?: number[];
  };
}

/** `id` is inside the export's scope along one dimension (no list: everything is in scope). */
const inScope = (list: number[] | undefined, id: number) => !list || list.includes(id);

export type AuditPhase = "events" | "replay" | "attestations" | "recognitions" | "costEntries" | "periodTotals";

export interface AuditLedgerParameters {
  provider: Provider;
  addresses: AllianceAddresses;
  /** The off-chain records; without them only the chain is audited against its own rules. */
  export?: AuditExport;
  onProgress?: (phase: AuditPhase, detail: string) => void;
}

export interface AuditReport {
  passed: boolean;
  chainId: number;
  addresses: AllianceAddresses;
  fromBlock: number;
  toBlock: number;
  counts: Record<string, number>;
  discrepancies: Discrepancy[];
  /**
   * Revocations whose fee flowed back while host or home school was out of the open period (it left the
   * alliance): the ledger leaves them unbooked (period 0), to be settled outside it. Not discrepancies.
   * Fees in minor units, as decimal strings.
   */
  unbookedFeeReversals: Array<{ recordId: string; leaf: string; hostId: number; homeId: number; fee: string; blockNumber: number; transactionHash: string }>;
}

/**
 * Audits the ledger: replays every chain event (issuer standing at anchoring, revocation and
 * recognition authority, fee reversals, role and key changes, confirmations, period nets; with the
 * export's records, each decision against its record's course version), then checks every off-chain
 * record against the chain: each attestation's inclusion in an anchored batch of its own issuer at an
 * index within it, batch sizes (removed or inserted records), recognitions of records the export knows,
 * every cost entry's amount and status, and every period total. Reads events in block ranges plus one
 * view call per period member; never one call per record.
 */
export async function auditLedger(p: AuditLedgerParameters): Promise<AuditReport> {
  const progress = p.onProgress ?? (() => {});
  const { chainId } = await p.provider.getNetwork();
  const { events, fromBlock, toBlock } = await readLedgerEvents({
    provider: p.provider,
    addresses: p.addresses,
    onProgress: (done, total, n) => progress("events", `${done}/${total} blocks, ${n} events`),
  });
  progress("replay", `${events.length} events`);
  // The export's records by leaf, so the replay can check what needs a record's fields.
  const exported = p.export && indexAttestations(p.export.attestations);
  const chain = replayLedger(events, { records: exported?.leafOwner });
  const discrepancies = [...chain.discrepancies];
  const flag = (d: Discrepancy) => discrepancies.push(d);

  if (p.export && exported) {
    progress("attestations", `${p.export.attestations.length} records`);
    const scope = p.export.scope ?? {};
    for (const d of exported.duplicates) flag(d);
    checkAttestations(exported.byBatch, chain, flag, scope.issuerIds);
    progress("recognitions", `${chain.recognitions.size} decisions`);
    checkRecognitions(chain, exported.leafOwner, flag, scope.issuerIds);
    progress("costEntries", `${p.export.costEntries.length} records`);
    checkCostEntries(p.export.costEntries, chain, flag, scope.costEntryMemberIds);
    progress("periodTotals", `${chain.totals.size} member-periods`);
    checkBooks(p.export.periodTotals, chain, flag, scope.periodIds);
  }
  await checkChainTotals(p, chain, flag);

  return {
    passed: discrepancies.length === 0,
    chainId: Number(chainId),
    addresses: p.addresses,
    fromBlock,
    toBlock,
    counts: {
      events: events.length,
      batches: chain.batches.size,
      attestations: p.export?.attestations.length ?? 0,
      revocations: chain.revoked.size,
      recognitions: chain.recognitions.size,
      costEntries: chain.entries.size,
      periods: chain.periods.size,
      unbookedFeeReversals: chain.unbookedFeeReversals.length,
    },
    discrepancies,
    unbookedFeeReversals: chain.unbookedFeeReversals.map((u) => ({ ...u, fee: u.fee.toString() })),
  };
}

type ExportedAttestation = AuditExport["attestations"][number] & { leaf: string; leafBytes: Uint8Array };

/** Hashes every exported attestation once: leaf -> record, the records by batch, and duplicates. */
function indexAttestations(records: AuditExport["attestations"]) {
  const leafOwner = new Map<string, { recordId: string; attestation: Attestation }>();
  const byBatch = new Map<string, ExportedAttestation[]>();
  const duplicates: Discrepancy[] = [];
  for (const r of records) {
    const leafBytes = attestationLeafBytes(r.attestation);
    const leaf = toHex(leafBytes);
    if (leafOwner.has(leaf)) {
      duplicates.push({ code: "ATTESTATION_DUPLICATED", recordType: "attestation", recordId: r.recordId, message: `same record as ${leafOwner.get(leaf)!.recordId}` });
      continue;
    }
    leafOwner.set(leaf, { recordId: r.recordId, attestation: r.attestation });
    // A batch is its issuer's: the record's own issuer names it, with its root.
    const key = batchKey(r.attestation.issuerId, r.batchRoot);
    const group = byBatch.get(key) ?? [];
    group.push({ ...r, leaf, leafBytes });
    byBatch.set(key, group);
  }
  return { leafOwner, byBatch, duplicates };
}

/** Inclusion of every exported attestation in an anchored batch of its own issuer, at an index within it. */
function checkAttestations(byBatch: Map<string, ExportedAttestation[]>, chain: ReplayedLedger, flag: (d: Discrepancy) => void, issuerIds?: number[]) {
  const rootIssuers = new Map<string, number[]>();
  for (const b of chain.batches.values()) rootIssuers.set(b.root, [...(rootIssuers.get(b.root) ?? []), b.issuerId]);

  for (const [key, group] of byBatch) {
    const batch = chain.batches.get(key);
    const root = group[0].batchRoot;
    if (!batch) {
      const others = rootIssuers.get(root.toLowerCase());
      for (const r of group) {
        if (others) flag({ code: "ATTESTATION_ISSUER_MISMATCH", recordType: "attestation", recordId: r.recordId, message: `names issuer ${r.attestation.issuerId}; batch ${root} was anchored by member ${others.join(", ")}` });
        else flag({ code: "BATCH_NOT_ANCHORED", recordType: "attestation", recordId: r.recordId, message: `its batch ${root} was never anchored` });
      }
      continue;
    }
    // The contract keys each record's state by its index: one per record, below the batch's count.
    const byIndex = new Map<number, string>();
    for (const r of group) {
      const index = r.attestation.index;
      if (index >= batch.count) flag({ code: "ATTESTATION_INDEX_OUT_OF_RANGE", recordType: "attestation", recordId: r.recordId, message: `index ${index} is not below batch ${root}'s count ${batch.count}` });
      else if (byIndex.has(index)) flag({ code: "ATTESTATION_INDEX_DUPLICATED", recordType: "attestation", recordId: r.recordId, message: `index ${index} of batch ${root} is also ${byIndex.get(index)}'s` });
      else byIndex.set(index, r.recordId);
    }
    // Fast path: the whole batch rebuilds to the anchored root.
    if (group.length === batch.count && merkleRootOfLeaves(group.map((r) => r.leafBytes)) === root.toLowerCase()) continue;

    // Otherwise find which records are not in the batch (altered or inserted) and what is missing.
    let included = 0;
    for (const r of group) {
      if (r.proof && SimpleMerkleTree.verify(root, r.leaf, r.proof)) included += 1;
      else flag({ code: "ATTESTATION_NOT_IN_BATCH", recordType: "attestation", recordId: r.recordId, message: `not in anchored batch ${root}: altered or inserted` });
    }
    if (included < batch.count) {
      flag({ code: "ATTESTATION_MISSING", recordType: "batch", recordId: root, message: `the chain anchored ${batch.count} records in this batch; the export has ${included} of them (${batch.count - included} removed or altered)` });
    }
  }
  for (const [key, batch] of chain.batches) {
    if (!byBatch.has(key) && inScope(issuerIds, batch.issuerId)) flag({ code: "BATCH_MISSING_FROM_EXPORT", recordType: "batch", recordId: batch.root, message: `member ${batch.issuerId} anchored ${batch.count} records the export does not hold` });
  }
}

/**
 * Every recognition on chain concerns a record the export holds (within its scope). The checks on the
 * record's fields (home school, credits, course version, fee) ran in the replay, which was given them.
 */
function checkRecognitions(chain: ReplayedLedger, leafOwner: Map<string, { recordId: string; attestation: Attestation }>, flag: (d: Discrepancy) => void, issuerIds?: number[]) {
  for (const r of chain.recognitions.values()) {
    if (leafOwner.has(r.leaf) || !inScope(issuerIds, r.issuerId)) continue;
    flag({ code: "RECOGNITION_OF_UNKNOWN_RECORD", recordType: "recognition", recordId: r.leaf, message: `member ${r.homeId} decided on a record the export does not hold` });
  }
}

/** Every exported cost entry exists on chain with the same amount, kind, member, period and status, and vice versa. */
function checkCostEntries(records: AuditExport["costEntries"], chain: ReplayedLedger, flag: (d: Discrepancy) => void, memberIds?: number[]) {
  const seen = new Set<string>();
  for (const r of records) {
    seen.add(r.entryId);
    const c = chain.entries.get(r.entryId);
    if (!c) {
      flag({ code: "ENTRY_NOT_ON_CHAIN", recordType: "costEntry", recordId: r.recordId, message: `entry ${r.entryId} was never claimed on chain (inserted)` });
      continue;
    }
    const differences = [
      c.amount !== r.amount && `amount ${r.amount} in the export, ${c.amount} on chain`,
      c.kind !== r.kind && `kind ${r.kind} in the export, ${c.kind} on chain`,
      c.memberId !== r.memberId && `member ${r.memberId} in the export, ${c.memberId} on chain`,
      c.periodId !== r.periodId && `period ${r.periodId} in the export, ${c.periodId} on chain`,
      c.status !== r.status && `status ${r.status} in the export, ${c.status} on chain`,
    ].filter(Boolean);
    if (differences.length) flag({ code: "ENTRY_ALTERED", recordType: "costEntry", recordId: r.recordId, message: differences.join("; ") });
  }
  for (const [entryId, c] of chain.entries) {
    if (!seen.has(entryId) && inScope(memberIds, c.memberId)) flag({ code: "ENTRY_MISSING_FROM_EXPORT", recordType: "costEntry", recordId: entryId, message: `member ${c.memberId}'s ${c.kind} of ${c.amount} in period ${c.periodId} is on chain but not in the export (removed)` });
  }
}

const TOTAL_FIELDS = ["contributed", "expensesPaid", "feesReceivable", "feesPayable"] as const;

/** The secretariat's books equal the totals rebuilt from events. */
function checkBooks(periodTotals: AuditExport["periodTotals"], chain: ReplayedLedger, flag: (d: Discrepancy) => void, periodIds?: number[]) {
  const fields = TOTAL_FIELDS;
  const books = new Map(periodTotals.map((t) => [totalsKey(t.periodId, t.memberId), t]));
  for (const [key, replayed] of chain.totals) {
    const book = books.get(key);
    const [periodId, memberId] = key.split(":");
    if (!inScope(periodIds, Number(periodId))) continue;
    const where = `period ${periodId}, member ${memberId}`;
    if (!book) {
      flag({ code: "PERIOD_TOTAL_MISSING", recordType: "periodTotal", recordId: key, message: `${where}: no totals in the export` });
      continue;
    }
    const wrong = fields.filter((f) => book[f] !== replayed[f]).map((f) => `${f} ${book[f]} in the books, ${replayed[f]} from the chain`);
    if (wrong.length) flag({ code: "PERIOD_TOTAL_MISMATCH", recordType: "periodTotal", recordId: key, message: `${where}: ${wrong.join("; ")}` });
  }
}

/** The contract's own running totals equal the totals rebuilt from its events. */
async function checkChainTotals(p: AuditLedgerParameters, chain: ReplayedLedger, flag: (d: Discrepancy) => void) {
  const fields = TOTAL_FIELDS;
  const ledger = CostLedger__factory.connect(p.addresses.costLedger, p.provider);
  const keys = [...chain.totals.keys()];
  const onChain = await Promise.all(keys.map((k) => ledger.memberTotals(...(k.split(":").map(Number) as [number, number]))));
  keys.forEach((key, i) => {
    const replayed = chain.totals.get(key)!;
    if (fields.some((f) => onChain[i][f] !== replayed[f])) {
      flag({ code: "CHAIN_TOTAL_MISMATCH", recordType: "periodTotal", recordId: key, message: "the contract's running totals disagree with its own events" });
    }
  });
}
