import { describe, expect, it } from "vitest";
import { checkSettlements } from "./checkSettlements.js";
import { replayLedger, type Discrepancy, type ReplayedSettlement } from "./replayLedger.js";

/** A ledger whose period 1 closed with member 1 owed 300 by member 2 (100) and member 3 (200). */
function ledgerWith(settlements: Array<Partial<ReplayedSettlement> & { settlementId: string }>) {
  const chain = replayLedger([]);
  chain.periods.set(1, {
    currency: "CNY",
    shares: [1, 2, 3].map((memberId) => ({ memberId, shareBps: 0 })),
    closed: { reportHash: "0x", nets: [300n, -100n, -200n] },
  });
  for (const s of settlements)
    chain.settlements.set(s.settlementId, {
      periodId: 1,
      payerId: 2,
      payeeId: 1,
      amount: 100n,
      recordedInClosedPeriod: true,
      confirmations: [],
      ...s,
    });
  const found: Discrepancy[] = [];
  checkSettlements(chain, (d) => found.push(d));
  return found.map((d) => `${d.code} ${d.recordId}`);
}

describe("checkSettlements", () => {
  it("passes payments of the plan, split or whole, confirmed once by a key of the payee", () => {
    expect(
      ledgerWith([
        { settlementId: "1", amount: 60n, confirmations: [{ payeeId: 1, senderMemberId: 1, blockNumber: 9 }] },
        { settlementId: "2", amount: 40n },
        { settlementId: "3", payerId: 3, amount: 200n },
      ]),
    ).toEqual([]);
  });

  it("names a payment outside a closed period, off the plan or beyond it, and a confirmation not by the payee", () => {
    expect(
      ledgerWith([
        { settlementId: "1", recordedInClosedPeriod: false },
        { settlementId: "2", payerId: 3, payeeId: 2 },
        { settlementId: "3", amount: 101n },
        { settlementId: "4", payerId: 3, confirmations: [{ payeeId: 1, senderMemberId: 3, blockNumber: 9 }] },
        {
          settlementId: "5",
          payerId: 3,
          confirmations: [
            { payeeId: 1, senderMemberId: null, blockNumber: 9 },
            { payeeId: 1, senderMemberId: 1, blockNumber: 10 },
          ],
        },
      ]),
    ).toEqual([
      "SETTLEMENT_OUTSIDE_CLOSED_PERIOD 1",
      "SETTLEMENT_NOT_IN_PLAN 2",
      "SETTLEMENT_NOT_IN_PLAN 3",
      "SETTLEMENT_CONFIRMED_BY_OTHER 4",
      "SETTLEMENT_CONFIRMED_BY_OTHER 5",
      "SETTLEMENT_CONFIRMED_TWICE 5",
    ]);
  });
});
