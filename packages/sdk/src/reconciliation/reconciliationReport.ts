import { createHash } from "node:crypto";
import type { Reconciliation } from "./reconcilePeriod.js";

/** @2 adds alliance income (each member's incomeReceived, the period's totalIncome). */
export const REPORT_FORMAT = "alliance-ledger/reconciliation@2";

/**
 * The reconciliation as canonical JSON: fixed key order, amounts as decimal strings (exact, no
 * floats), members by id. Its SHA-256 is the report hash the period close records on chain, so
 * anyone holding the file can check it against the chain.
 */
export function reconciliationReportJson(r: Reconciliation): string {
  const report = {
    format: REPORT_FORMAT,
    periodId: r.periodId,
    currency: r.currency,
    totalCost: r.totalCost.toString(),
    totalIncome: r.totalIncome.toString(),
    members: r.members.map((m) => ({
      memberId: m.memberId,
      shareBps: m.shareBps,
      contributed: m.contributed.toString(),
      expensesPaid: m.expensesPaid.toString(),
      feesReceivable: m.feesReceivable.toString(),
      feesPayable: m.feesPayable.toString(),
      incomeReceived: (m.incomeReceived ?? 0n).toString(),
      allocatedCost: m.allocatedCost.toString(),
      net: m.net.toString(),
    })),
    settlements: r.settlements.map((s) => ({
      payerId: s.payerId,
      payeeId: s.payeeId,
      amount: s.amount.toString(),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** 0x-prefixed SHA-256 of the canonical JSON report: the bytes32 `closePeriod` records. */
export function reconciliationReportHash(r: Reconciliation): string {
  return `0x${createHash("sha256").update(reconciliationReportJson(r)).digest("hex")}`;
}

/** The member table as CSV (minor units), for spreadsheets; settlements follow after a blank line. */
export function reconciliationReportCsv(r: Reconciliation): string {
  const lines = [
    "memberId,shareBps,contributed,expensesPaid,feesReceivable,feesPayable,incomeReceived,allocatedCost,net",
  ];
  for (const m of r.members) {
    lines.push(
      [
        m.memberId,
        m.shareBps,
        m.contributed,
        m.expensesPaid,
        m.feesReceivable,
        m.feesPayable,
        m.incomeReceived ?? 0n,
        m.allocatedCost,
        m.net,
      ].join(","),
    );
  }
  lines.push("", "payerId,payeeId,amount");
  for (const s of r.settlements) lines.push([s.payerId, s.payeeId, s.amount].join(","));
  return `${lines.join("\n")}\n`;
}
