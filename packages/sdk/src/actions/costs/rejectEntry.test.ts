import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { openTestPeriod, startActionsAlliance } from "../testing/actionsAlliance.js";
import { claimEntry } from "./claimEntry.js";
import { rejectEntry } from "./rejectEntry.js";

let alliance: LocalAlliance;
let periodId: number;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  periodId = await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("rejectEntry", () => {
  it("rejects a claimed entry, which never counts; a reason is required", async () => {
    const { entryId } = await claimEntry(alliance.members[1], {
      memberId: 2,
      reference: "B-2026-001",
      periodId,
      entry: { kind: "expense", amount: 9n },
      evidenceHash: id("?"),
    });
    await expect(rejectEntry(alliance.secretariat, { entryId, reasonCode: 0 })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerMissingReason,
    );
    await rejectEntry(alliance.secretariat, { entryId, reasonCode: 2 });
    expect((await alliance.reader.costLedger.entry(entryId)).status).toBe(3n);
    expect((await alliance.reader.costLedger.memberTotals(periodId, 2)).expensesPaid).toBe(0n);
    await expect(rejectEntry(alliance.secretariat, { entryId, reasonCode: 2 })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerEntryNotClaimed,
    );
  });
});
