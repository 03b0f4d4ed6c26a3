import type { AllianceClient } from "../client/createAllianceClient.js";
import { openPeriod, type OpenPeriodReturnType } from "../actions/costs/openPeriod.js";
import { ProposalAction, proposeDecision } from "../actions/registry/proposeDecision.js";

/**
 * For a local alliance whose one key holds the council (quorum one) and the secretariat: the council
 * decides `shares` for the next period, then the secretariat opens it with them. A real alliance takes
 * these two steps by different people (`proposeDecision` with DecideShares, then `openPeriod`).
 */
export async function openDecidedPeriod(
  councilAndSecretariat: AllianceClient,
  parameters: {
    currency: string;
    shares: Array<{ memberId: number; shareBps: number }>;
  },
): Promise<OpenPeriodReturnType> {
  const periodId = Number(await councilAndSecretariat.costLedger.periodCount()) + 1;
  await proposeDecision(councilAndSecretariat, {
    action: ProposalAction.DecideShares,
    shares: { periodId, shares: parameters.shares },
  });
  return openPeriod(councilAndSecretariat, parameters);
}
