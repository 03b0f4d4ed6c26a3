import { BaseError } from "../errors/BaseError.js";

/**
 * What an audit covers, as the auditor chose it. The chain says what exists; a dimension left out
 * covers everything on chain along it. An export never narrows the scope: it cannot vouch for its own
 * completeness.
 */
export interface AuditScope {
  /** Issuers whose anchored batches must be accounted for record by record. */
  issuerIds?: number[];
  /** Members whose cost entries must all be in the export. */
  memberIds?: number[];
  /** Periods whose entries, closing report, totals and settlements are audited. */
  periodIds?: number[];
}

/** The scope an audit report states: each dimension's ids, or "all" on chain. */
export interface AuditScopeUsed {
  issuerIds: number[] | "all";
  memberIds: number[] | "all";
  periodIds: number[] | "all";
}

/** `id` is inside the scope along one dimension (no list: everything on chain is). */
export const inAuditScope = (list: number[] | undefined, id: number) => !list || list.includes(id);

export const auditScopeUsed = (s: AuditScope = {}): AuditScopeUsed => ({
  issuerIds: s.issuerIds ?? "all",
  memberIds: s.memberIds ?? "all",
  periodIds: s.periodIds ?? "all",
});

const DIMENSIONS = { issuers: "issuerIds", members: "memberIds", periods: "periodIds" } as const;
type DimensionName = keyof typeof DIMENSIONS;

/** "1,2,5-7" -> [1, 2, 5, 6, 7]; ids are positive integers, ranges ascending. */
function parseIdList(name: string, text: string): number[] {
  const ids = new Set<number>();
  for (const part of text.split(",").map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const [from, to] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
    if (!m || from < 1 || to < from || to - from > 100_000) {
      throw new BaseError(`The audit scope's ${name} "${text}" is not a list of ids.`, {
        details: ['Expected ids and ascending ranges, e.g. "1,2,5-7".'],
      });
    }
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/**
 * The auditor's scope from its parts (`{ issuers: "1,2", periods: "1-2" }`, as query parameters give
 * them); absent parts cover everything on chain.
 *
 * @throws BaseError naming the part that is not a list of ids.
 */
export function parseAuditScopeParts(parts: Partial<Record<DimensionName, string>>): AuditScope {
  const scope: AuditScope = {};
  for (const [name, key] of Object.entries(DIMENSIONS) as Array<[DimensionName, keyof AuditScope]>) {
    const text = parts[name];
    if (text !== undefined) scope[key] = parseIdList(name, text);
  }
  return scope;
}

/**
 * The auditor's scope from the CLI's `--scope` text, e.g. `issuers=1,2;members=3;periods=1-2`.
 *
 * @example parseAuditScope("periods=2") // { periodIds: [2] }: every issuer and member, period 2 only
 * @throws BaseError on an unknown dimension, a repeated one, or ids that do not parse.
 */
export function parseAuditScope(text: string): AuditScope {
  const parts: Partial<Record<DimensionName, string>> = {};
  for (const clause of text
    .split(";")
    .map((c) => c.trim())
    .filter(Boolean)) {
    const [name, ids] = clause.split("=", 2).map((s) => s.trim());
    if (!(name in DIMENSIONS) || ids === undefined) {
      throw new BaseError(`The audit scope "${clause}" is not understood.`, {
        details: ["Expected issuers=..., members=... or periods=..., separated by ';'."],
      });
    }
    if (parts[name as DimensionName] !== undefined) throw new BaseError(`The audit scope names ${name} twice.`);
    parts[name as DimensionName] = ids;
  }
  return parseAuditScopeParts(parts);
}
