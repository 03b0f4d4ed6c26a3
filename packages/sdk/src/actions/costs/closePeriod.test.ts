import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { buildAttestationTree } from "../../attestations/buildAttestationTree.js";
import { attestationRow, openTestPeriod, publishTestCourse, startActionsAlliance } from "../testing/actionsAlliance.js";
import { anchorBatch } from "../credits/anchorBatch.js";
import { recognizeAttestations } from "../credits/recognizeAttestations.js";
import { claimEntry } from "./claimEntry.js";
import { confirmEntry } from "./confirmEntry.js";
import { closePeriod } from "./closePeriod.js";
import { getPeriodTotals } from "./getPeriodTotals.js";
import { rejectEntry } from "./rejectEntry.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("closePeriod", () => {
  it("closes a term's period with its report hash and nets; not while an entry awaits confirmation", async () => {
    const { secretariat, members, reader } = alliance;
    const [host, home] = members;
    await publishTestCourse(host, "CS101");
    const periodId = await openTestPeriod(alliance);
    // Member 2 recognises two of member 1's records: 2 x 15,000 in course fees.
    const rows = [attestationRow(0), attestationRow(1)];
    const tree = buildAttestationTree(rows);
    await anchorBatch(host, { root: tree.root, count: rows.length });
    await recognizeAttestations(home, {
      items: rows.map((attestation, i) => ({
        batchRoot: tree.root,
        attestation,
        proof: tree.getProof(i),
        decide: { decision: "accept" as const },
      })),
    });
    const cash = await claimEntry(host, {
      memberId: 1,
      reference: "A-2026-001",
      periodId,
      entry: { kind: "cash", amount: 1_000_000n },
      evidenceHash: id("receipt"),
    });
    const lab = await claimEntry(members[2], {
      memberId: 3,
      reference: "C-2026-001",
      periodId,
      entry: { kind: "inKind", category: "lab-hours", quantity: 40n, unitValue: 12_500n },
      evidenceHash: id("log"),
    });
    const bogus = await claimEntry(home, {
      memberId: 2,
      reference: "B-2026-001",
      periodId,
      entry: { kind: "expense", amount: 9n },
      evidenceHash: id("?"),
    });
    await confirmEntry(secretariat, { entryId: cash.entryId });
    await confirmEntry(secretariat, { entryId: lab.entryId });
    const refused = closePeriod(secretariat, { periodId });
    await expect(refused).rejects.toBeInstanceOf(contractErrors.CostLedgerPendingEntries);
    await expect(refused).rejects.toMatchObject({ args: { periodId: BigInt(periodId), pending: 1n } });
    await rejectEntry(secretariat, { entryId: bogus.entryId, reasonCode: 2 });

    const totals = await getPeriodTotals(reader, { periodId });
    expect(totals.map((t) => [t.memberId, t.contributed, t.feesReceivable, t.feesPayable])).toEqual([
      [1, 1_000_000n, 30_000n, 0n],
      [2, 0n, 0n, 30_000n],
      [3, 500_000n, 0n, 0n],
    ]);
    const { reconciliation, reportHash } = await closePeriod(secretariat, { periodId });
    const nets = reconciliation.members;
    expect(nets.reduce((s, n) => s + n.net, 0n)).toBe(0n);
    expect(nets.map((n) => n.net)).toEqual([430_000n, -555_000n, 125_000n]);
    expect((await reader.costLedger.period(periodId)).reportHash).toBe(reportHash);
    expect(reconciliation.currency).toBe("CNY");
    await expect(closePeriod(secretariat, { periodId })).rejects.toBeInstanceOf(contractErrors.CostLedgerPeriodNotOpen);
  });
});
