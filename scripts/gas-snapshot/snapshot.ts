/**
 * Gas of one function over every call the contract tests make; for the `(deployment)` entry, the number of
 * deployments and the deployed bytecode's size in bytes instead. Deployment gas is left out: it moves
 * whenever a comment changes, because solc appends a hash of the sources' metadata to the init code.
 */
export interface GasStats {
  calls: number;
  min?: number;
  avg?: number;
  median?: number;
  max?: number;
  runtimeSize?: number;
}

/** Contract name → function name (`(deployment)` for deployment) → gas, both levels sorted by name. */
export type GasSnapshot = Record<string, Record<string, GasStats>>;

interface ReportStats {
  min: number;
  max: number;
  avg: number;
  median: number;
  count: number;
  runtimeSize?: number;
}

/** The part of Hardhat's `--gas-stats-json` report the snapshot reads. */
export interface GasStatsReport {
  contracts: Record<
    string,
    {
      sourceName: string;
      contractName: string;
      deployment?: ReportStats | null;
      functions?: Record<string, ReportStats>;
    }
  >;
}

const STAT_KEYS = ["calls", "min", "avg", "median", "max", "runtimeSize"] as const;

const stats = (s: ReportStats): GasStats => ({ calls: s.count, min: s.min, avg: s.avg, median: s.median, max: s.max });

const byName = <T>(entries: [string, T][]) => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * The snapshot of a Hardhat gas report: the alliance's own contracts (sources under `contracts/`), not test
 * handlers; proxy chains and anything else Hardhat adds are dropped.
 */
export function toSnapshot(report: GasStatsReport): GasSnapshot {
  const contracts: [string, Record<string, GasStats>][] = [];
  for (const entry of Object.values(report.contracts)) {
    if (!entry.sourceName.startsWith("contracts/")) continue;
    if (contracts.some(([name]) => name === entry.contractName)) {
      throw new Error(`two contracts named ${entry.contractName}: the gas snapshot keys contracts by name`);
    }
    const functions: [string, GasStats][] = Object.entries(entry.functions ?? {}).map(([fn, s]) => [fn, stats(s)]);
    const { deployment } = entry;
    if (deployment) functions.push(["(deployment)", { calls: deployment.count, runtimeSize: deployment.runtimeSize }]);
    contracts.push([entry.contractName, byName(functions)]);
  }
  return byName(contracts);
}

/** The snapshot as committed: valid JSON, one line per function, so a diff names each function that changed. */
export function formatSnapshot(snapshot: GasSnapshot): string {
  const contracts = Object.entries(snapshot).map(([contract, functions]) => {
    const lines = Object.entries(functions).map(([fn, s]) => {
      const fields = STAT_KEYS.filter((k) => s[k] !== undefined).map((k) => `"${k}": ${s[k]}`);
      return `    ${JSON.stringify(fn)}: { ${fields.join(", ")} }`;
    });
    return `  ${JSON.stringify(contract)}: {\n${lines.join(",\n")}\n  }`;
  });
  return `{\n${contracts.join(",\n")}\n}\n`;
}

/**
 * One line per function whose gas changed, was added or was removed, e.g.
 * `CostLedger.closePeriod: median 120512 → 121044, max 130002 → 130534`; empty when the snapshots agree.
 */
export function diffSnapshots(committed: GasSnapshot, measured: GasSnapshot): string[] {
  const lines: string[] = [];
  const names = (a: object, b: object) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const contract of names(committed, measured)) {
    const before = own(committed, contract) ?? {};
    const after = own(measured, contract) ?? {};
    for (const fn of names(before, after)) {
      const [old, now] = [own(before, fn), own(after, fn)];
      const label = `${contract}.${fn}`;
      if (!old && now) lines.push(`${label}: new (${describe(now)})`);
      else if (old && !now) lines.push(`${label}: no longer called (was ${describe(old)})`);
      else if (old && now) {
        const changed = STAT_KEYS.filter((k) => old[k] !== now[k]).map((k) => `${k} ${old[k]} → ${now[k]}`);
        if (changed.length > 0) lines.push(`${label}: ${changed.join(", ")}`);
      }
    }
  }
  return lines;
}

/** `record[key]` if it is the record's own: `{}.constructor` is Object's, not a function's gas. */
const own = <T>(record: Record<string, T>, key: string) => (Object.hasOwn(record, key) ? record[key] : undefined);

function describe(s: GasStats): string {
  return STAT_KEYS.filter((k) => s[k] !== undefined)
    .map((k) => `${k} ${s[k]}`)
    .join(", ");
}
