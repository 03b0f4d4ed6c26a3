import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { closedTestPeriod, openTestPeriod, startActionsAlliance } from "../testing/actionsAlliance.js";
import { recordSettlement } from "./recordSettlement.js";

let alliance: LocalAlliance;
let periodId: number;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  periodId = await closedTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("recordSettlement", () => {
  it("records a payment once: the same payment again is the same settlement, another under its reference is refused", async () => {
    const home = alliance.members[1];
    const payment = { periodId, payeeId: 1, amount: 350_000n, paymentReference: "ICBC 0042" };
    const { settlementId, alreadyRecorded } = await recordSettlement(home, payment);
    expect(alreadyRecorded).toBe(false);
    const settlement = await alliance.reader.costLedger.settlement(settlementId);
    expect([settlement.payerId, settlement.payeeId, settlement.amount, settlement.confirmed]).toEqual([
      2n,
      1n,
      350_000n,
      false,
    ]);
    expect(await recordSettlement(home, payment)).toEqual({
      settlementId,
      transactionHash: null,
      alreadyRecorded: true,
    });
    await expect(recordSettlement(home, { ...payment, amount: 1n })).rejects.toMatchObject({
      errorName: "CostLedgerDuplicatePayment",
      args: { settlementId },
    });
    expect(await alliance.reader.costLedger.settlementCount()).toBe(settlementId);
  });

  it("is refused for a period that is not closed", async () => {
    const open = await openTestPeriod(alliance);
    await expect(
      recordSettlement(alliance.members[2], { periodId: open, payeeId: 1, amount: 1n, paymentReference: "x" }),
    ).rejects.toBeInstanceOf(contractErrors.CostLedgerPeriodNotClosed);
  });
});
