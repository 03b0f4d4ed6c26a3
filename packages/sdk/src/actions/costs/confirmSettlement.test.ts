import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { closedTestPeriod, startActionsAlliance } from "../testing/actionsAlliance.js";
import { confirmSettlement } from "./confirmSettlement.js";
import { recordSettlement } from "./recordSettlement.js";

let alliance: LocalAlliance;
let settlementId: bigint;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  const periodId = await closedTestPeriod(alliance);
  ({ settlementId } = await recordSettlement(alliance.members[2], {
    periodId,
    payeeId: 1,
    amount: 250_000n,
    paymentReference: "BOC 7",
  }));
});
afterAll(async () => alliance?.stop());

describe("confirmSettlement", () => {
  it("is refused to anyone but the payee", async () => {
    await expect(confirmSettlement(alliance.members[1], { settlementId })).rejects.toMatchObject({
      errorName: "CostLedgerNotPayee",
      args: { settlementId, callerMemberId: 2n, payeeId: 1n },
    });
  });

  it("records the payee's confirmation, once", async () => {
    await confirmSettlement(alliance.members[0], { settlementId });
    expect((await alliance.reader.costLedger.settlement(settlementId)).confirmed).toBe(true);
    await expect(confirmSettlement(alliance.members[0], { settlementId })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerSettlementConfirmed,
    );
  });
});
