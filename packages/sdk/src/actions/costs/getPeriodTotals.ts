import type { AllianceClient } from "../../client/createAllianceClient.js";
import { withDecodedErrors } from "../../errors/contractErrors.js";
import type { PeriodMemberTotals } from "../../reconciliation/computeNetPositions.js";
import type { ContractErrorType } from "../contractErrorType.js";

export type GetPeriodTotalsParameters = { periodId: number };
export type GetPeriodTotalsReturnType = PeriodMemberTotals[];
export type GetPeriodTotalsErrorType = ContractErrorType<"CostLedgerUnknownPeriod">;

/**
 * Every member's on-chain running totals for a period, in the period's member order.
 *
 * @param client - Any client; a reader is enough.
 * @param parameters - The period.
 * @returns Per member: its share, contributions, expenses paid and course fees receivable and payable.
 * @example
 * const totals = await getPeriodTotals(reader, { periodId });
 */
export async function getPeriodTotals(
  client: AllianceClient,
  parameters: GetPeriodTotalsParameters,
): Promise<GetPeriodTotalsReturnType> {
  const { periodId } = parameters;
  return withDecodedErrors(async () => {
    const [ids, shares] = await client.costLedger.periodMembers(periodId);
    const [totals, income] = await Promise.all([
      Promise.all(ids.map((m) => client.costLedger.memberTotals(periodId, m))),
      Promise.all(ids.map((m) => client.costLedger.incomeReceived(periodId, m))),
    ]);
    return ids.map((m, i) => ({
      memberId: Number(m),
      shareBps: Number(shares[i]),
      contributed: totals[i].contributed,
      expensesPaid: totals[i].expensesPaid,
      feesReceivable: totals[i].feesReceivable,
      feesPayable: totals[i].feesPayable,
      incomeReceived: income[i],
    }));
  });
}
