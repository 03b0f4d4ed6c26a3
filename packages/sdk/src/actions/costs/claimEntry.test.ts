import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { openTestPeriod, startActionsAlliance } from "../testing/actionsAlliance.js";
import { claimEntry, entryIdOf } from "./claimEntry.js";

let alliance: LocalAlliance;
let periodId: number;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  periodId = await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("claimEntry", () => {
  it("claims an entry under the member's own reference; the same claim again is the same entry", async () => {
    const claim = {
      memberId: 3,
      reference: "C-2026-001",
      periodId,
      entry: { kind: "inKind" as const, category: "lab-hours", quantity: 40n, unitValue: 12_500n },
      evidenceHash: id("log"),
    };
    const claimed = await claimEntry(alliance.members[2], claim);
    expect(claimed).toMatchObject({ entryId: entryIdOf(3, "C-2026-001"), alreadyRecorded: false });
    const entry = await alliance.reader.costLedger.entry(claimed.entryId);
    // In-kind value is quantity x unit value.
    expect([entry.memberId, entry.kind, entry.status, entry.amount]).toEqual([3n, 1n, 1n, 500_000n]);
    expect(await claimEntry(alliance.members[2], claim)).toEqual({
      entryId: claimed.entryId,
      transactionHash: null,
      alreadyRecorded: true,
    });
  });

  it("refuses a different entry under a used reference, and a zero amount", async () => {
    const claim = { memberId: 1, reference: "A-2026-001", periodId, evidenceHash: id("receipt") };
    await claimEntry(alliance.members[0], { ...claim, entry: { kind: "cash", amount: 1_000n } });
    await expect(
      claimEntry(alliance.members[0], { ...claim, entry: { kind: "cash", amount: 2_000n } }),
    ).rejects.toMatchObject({ errorName: "CostLedgerEntryExists", args: { entryId: entryIdOf(1, "A-2026-001") } });
    await expect(
      claimEntry(alliance.members[0], { ...claim, reference: "A-2026-002", entry: { kind: "cash", amount: 0n } }),
    ).rejects.toBeInstanceOf(contractErrors.CostLedgerZeroAmount);
  });
});
