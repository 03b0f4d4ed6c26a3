import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { openTestPeriod, startActionsAlliance } from "../testing/actionsAlliance.js";
import { claimEntry } from "./claimEntry.js";
import { confirmEntry } from "./confirmEntry.js";

let alliance: LocalAlliance;
let periodId: number;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  periodId = await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("confirmEntry", () => {
  it("confirms a claimed entry, which then counts in the member's totals; only once", async () => {
    const { entryId } = await claimEntry(alliance.members[0], {
      memberId: 1,
      reference: "A-1",
      periodId,
      entry: { kind: "cash", amount: 1_000_000n },
      evidenceHash: id("receipt"),
    });
    expect((await alliance.reader.costLedger.memberTotals(periodId, 1)).contributed).toBe(0n);
    await confirmEntry(alliance.secretariat, { entryId });
    expect((await alliance.reader.costLedger.memberTotals(periodId, 1)).contributed).toBe(1_000_000n);
    await expect(confirmEntry(alliance.secretariat, { entryId })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerEntryNotClaimed,
    );
  });

  it("is refused to a key without the secretariat role", async () => {
    const { entryId } = await claimEntry(alliance.members[0], {
      memberId: 1,
      reference: "A-2",
      periodId,
      entry: { kind: "cash", amount: 5n },
      evidenceHash: id("receipt"),
    });
    await expect(confirmEntry(alliance.members[1], { entryId })).rejects.toBeInstanceOf(
      contractErrors.RegistryMissingRole,
    );
  });
});
