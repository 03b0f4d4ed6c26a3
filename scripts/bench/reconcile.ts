import { performance } from "node:perf_hooks";
import { reconcilePeriod, type CostEntryRecord, type CourseFeeRecord } from "@alliance-ledger/sdk";
import { printTable, type BenchResult } from "./report.js";

const MEMBERS = 200;
const ENTRIES = 1_000_000;
const FEES = 10_000;
/** Shared-resource uses confirmed or resolved in the period: their fees accrue like course fees. */
const RESOURCE_USES = 5_000;
/** One entry in this many is alliance income (a grant, training fees): a cost with the opposite sign. */
const INCOME_EVERY = 20;
const BASELINE_SAMPLE_MEMBERS = 10;

/** A small deterministic PRNG (mulberry32), so every run reconciles the same period. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function period() {
  const random = prng(20261);
  const base = Math.floor(10_000 / MEMBERS);
  const shares = Array.from({ length: MEMBERS }, (_, i) => ({
    memberId: i + 1,
    shareBps: i === 0 ? 10_000 - base * (MEMBERS - 1) : base,
  }));
  const kinds = ["cash", "inKind", "expense"] as const;
  let incomeEntries = 0;
  const entries: CostEntryRecord[] = new Array(ENTRIES);
  for (let i = 0; i < ENTRIES; i++) {
    const memberId = 1 + Math.floor(random() * MEMBERS);
    const reversal =
      i > 0 && random() < 0.01 && entries[i - 1].kind !== "reversal" && entries[i - 1].status === "confirmed";
    entries[i] = reversal
      ? {
          entryId: `e${i}`,
          memberId: entries[i - 1].memberId,
          kind: "reversal",
          amount: entries[i - 1].amount,
          reverses: entries[i - 1].entryId,
          status: "confirmed",
        }
      : {
          entryId: `e${i}`,
          memberId,
          kind: i % INCOME_EVERY === 0 ? "income" : kinds[i % 3],
          amount: BigInt(1 + Math.floor(random() * 5_000_000)),
          status: random() < 0.95 ? "confirmed" : "rejected",
        };
    if (entries[i].kind === "income") incomeEntries++;
  }
  const fees: CourseFeeRecord[] = Array.from({ length: FEES }, () => ({
    payerId: 1 + Math.floor(random() * MEMBERS),
    payeeId: 1 + Math.floor(random() * MEMBERS),
    amount: BigInt(1_000 + Math.floor(random() * 100_000)),
  }));
  // A resource use's fee is its billed quantity times the version's price (e.g. 3 days at ¥800).
  for (let i = 0; i < RESOURCE_USES; i++) {
    const host = 1 + Math.floor(random() * MEMBERS);
    const user = 1 + ((host + Math.floor(random() * (MEMBERS - 1))) % MEMBERS);
    fees.push({ payerId: user, payeeId: host, amount: BigInt(1 + Math.floor(random() * 40)) * 80_000n });
  }
  return { shares, entries, fees, incomeEntries };
}

/** The spreadsheet way: one SUMIF-style scan of every entry per member (sampled, then extrapolated). */
function perMemberScans(entries: CostEntryRecord[], members: number[]) {
  const out: bigint[] = [];
  for (const m of members) {
    let contributed = 0n;
    for (const e of entries)
      if (e.memberId === m && e.status === "confirmed" && e.kind !== "expense" && e.kind !== "reversal")
        contributed += e.amount;
    out.push(contributed);
  }
  return out;
}

export async function benchReconcile(): Promise<BenchResult> {
  const { shares, entries, fees, incomeEntries } = period();
  const start = performance.now();
  const result = reconcilePeriod({ periodId: 1, currency: "CNY", shares, entries, fees });
  const seconds = (performance.now() - start) / 1000;
  const netSum = result.members.reduce((s, m) => s + m.net, 0n);
  if (netSum !== 0n) throw new Error(`nets sum to ${netSum}`);

  const baselineStart = performance.now();
  perMemberScans(
    entries,
    Array.from({ length: BASELINE_SAMPLE_MEMBERS }, (_, i) => i + 1),
  );
  const baselineSeconds = ((performance.now() - baselineStart) / 1000) * (MEMBERS / BASELINE_SAMPLE_MEMBERS);

  const figures = {
    members: MEMBERS,
    entries: ENTRIES,
    fees: FEES,
    resourceUses: RESOURCE_USES,
    incomeEntries,
    totalIncome: result.totalIncome.toString(),
    seconds: Math.round(seconds * 1000) / 1000,
    baselineSeconds: Math.round(baselineSeconds * 1000) / 1000,
    ratio: Math.round((baselineSeconds / seconds) * 10) / 10,
    settlementTransfers: result.settlements.length,
  };
  printTable("reconcile (one period, in memory)", [
    [
      `reconcilePeriod: 200 members, 1,000,000 entries (${incomeEntries} income), 10,000 course fees, 5,000 resource uses`,
      `${figures.seconds} s`,
      "target <= 2 s",
    ],
    [
      `baseline: a scan of all entries per member (${BASELINE_SAMPLE_MEMBERS} sampled, x${MEMBERS / BASELINE_SAMPLE_MEMBERS})`,
      `${figures.baselineSeconds} s`,
      `${figures.ratio}x slower`,
    ],
    ["settlement plan", `${figures.settlementTransfers} transfers`, "n - 1 bound beyond 20 members"],
  ]);
  return { name: "reconcile", figures };
}
