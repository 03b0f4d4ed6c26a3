import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { openTestPeriod, startActionsAlliance } from "../testing/actionsAlliance.js";
import { claimEntries } from "./claimEntries.js";
import { entryIdOf } from "./claimEntry.js";

let alliance: LocalAlliance;
let periodId: number;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  periodId = await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("claimEntries", () => {
  it("claims several entries in one transaction", async () => {
    const claims = ["B-1", "B-2"].map((reference, i) => ({
      memberId: 2,
      reference,
      periodId,
      entry: { kind: "expense" as const, amount: BigInt(1_000 * (i + 1)) },
      evidenceHash: id(reference),
    }));
    const { entryIds } = await claimEntries(alliance.members[1], { claims });
    expect(entryIds).toEqual([entryIdOf(2, "B-1"), entryIdOf(2, "B-2")]);
    const amounts = await Promise.all(entryIds.map(async (e) => (await alliance.reader.costLedger.entry(e)).amount));
    expect(amounts).toEqual([1_000n, 2_000n]);
  });

  it("is all or nothing: one bad claim refuses the batch by name, and an empty batch is refused", async () => {
    const claim = (reference: string, amount: bigint) => ({
      memberId: 2,
      reference,
      periodId,
      entry: { kind: "cash" as const, amount },
      evidenceHash: id(reference),
    });
    await expect(
      claimEntries(alliance.members[1], { claims: [claim("B-3", 5n), claim("B-4", 0n)] }),
    ).rejects.toBeInstanceOf(contractErrors.CostLedgerZeroAmount);
    await expect(alliance.reader.costLedger.entry(entryIdOf(2, "B-3"))).rejects.toThrow();
    await expect(claimEntries(alliance.members[1], { claims: [] })).rejects.toBeInstanceOf(
      contractErrors.CostLedgerEmptyBatch,
    );
  });
});
