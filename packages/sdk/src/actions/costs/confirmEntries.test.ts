import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { openTestPeriod, startActionsAlliance } from "../testing/actionsAlliance.js";
import { claimEntries } from "./claimEntries.js";
import { confirmEntries } from "./confirmEntries.js";

let alliance: LocalAlliance;
let periodId: number;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  periodId = await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("confirmEntries", () => {
  it("confirms several entries in one transaction", async () => {
    const claims = [
      { reference: "A-1", entry: { kind: "cash" as const, amount: 700n } },
      { reference: "A-2", entry: { kind: "expense" as const, amount: 300n } },
    ].map((c) => ({ ...c, memberId: 1, periodId, evidenceHash: id(c.reference) }));
    const { entryIds } = await claimEntries(alliance.members[0], { claims });
    await confirmEntries(alliance.secretariat, { entryIds });
    const totals = await alliance.reader.costLedger.memberTotals(periodId, 1);
    expect([totals.contributed, totals.expensesPaid]).toEqual([700n, 300n]);
    // All or nothing: a batch with one entry confirmed already is refused whole.
    await expect(confirmEntries(alliance.secretariat, { entryIds })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerEntryNotClaimed,
    );
    await expect(confirmEntries(alliance.secretariat, { entryIds: [] })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerEmptyBatch,
    );
  });
});
