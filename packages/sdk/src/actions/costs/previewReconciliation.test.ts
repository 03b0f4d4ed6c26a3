import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { reconcileTotals } from "../../reconciliation/reconcilePeriod.js";
import { openTestPeriod, startActionsAlliance } from "../testing/actionsAlliance.js";
import { claimEntry } from "./claimEntry.js";
import { confirmEntry } from "./confirmEntry.js";
import { getPeriodTotals } from "./getPeriodTotals.js";
import { previewReconciliation } from "./previewReconciliation.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("previewReconciliation", () => {
  it("reconciles the open period from its on-chain totals, nets summing to zero", async () => {
    const periodId = await openTestPeriod(alliance);
    const { entryId } = await claimEntry(alliance.members[0], {
      memberId: 1,
      reference: "A-1",
      periodId,
      entry: { kind: "cash", amount: 1_000_000n },
      evidenceHash: id("receipt"),
    });
    await confirmEntry(alliance.secretariat, { entryId });
    const preview = await previewReconciliation(alliance.reader, { periodId });
    expect(preview.currency).toBe("CNY");
    expect(preview.members.map((m) => m.net)).toEqual([600_000n, -350_000n, -250_000n]);
    const totals = await getPeriodTotals(alliance.reader, { periodId });
    expect(preview).toEqual(reconcileTotals({ periodId, currency: "CNY", totals }));
  });

  it("decodes an unknown period into CostLedgerUnknownPeriod", async () => {
    await expect(previewReconciliation(alliance.reader, { periodId: 9 })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerUnknownPeriod,
    );
  });
});
