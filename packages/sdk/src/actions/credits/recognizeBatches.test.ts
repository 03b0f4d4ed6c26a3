import { encodeBytes32String, ZeroHash } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAttestationTree } from "../../attestations/buildAttestationTree.js";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { attestationRow, openTestPeriod, publishTestCourse, startActionsAlliance } from "../testing/actionsAlliance.js";
import { readLedgerEvents } from "../../audit/readLedgerEvents.js";
import { anchorBatch } from "./anchorBatch.js";
import { recognizeBatches } from "./recognizeBatches.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  await publishTestCourse(alliance.members[0], "CS101");
  await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("recognizeBatches", () => {
  it("decides many records of a batch under one multiproof, and the events read back by name", async () => {
    const [host, home] = alliance.members;
    const { reader, provider } = alliance;
    const rows = Array.from({ length: 9 }, (_, i) => attestationRow(100 + i, { index: i }));
    const tree = buildAttestationTree(rows);
    await anchorBatch(host, { root: tree.root, count: rows.length });
    const from = await provider.getBlockNumber();
    const convert = (recognisedCredits: number, localCourse: string) => ({
      decision: "convert" as const,
      recognisedCredits,
      localCourse,
      conversionRule: "map-2026",
    });
    await recognizeBatches(home, {
      batches: [
        {
          tree,
          items: [
            { index: 7, decide: { decision: "accept" } },
            { index: 2, decide: convert(200, "HB-CS1") },
            { index: 5, decide: { decision: "reject", reasonCode: 4 } },
            { index: 4, decide: convert(250, "HB-CS2") },
          ],
        },
      ],
    });
    for (const i of [2, 5, 7]) expect((await reader.creditLedger.recordStatus(1, tree.root, i)).decided).toBe(true);
    expect((await reader.creditLedger.recordStatus(1, tree.root, 3)).decided).toBe(false);
    const { events } = await readLedgerEvents({ provider, addresses: reader.addresses, fromBlock: from + 1 });
    const decided = events.filter((e) => e.name === "RecognitionDecided").map((e) => e.args);
    expect(decided.map((a) => [a.index, a.decision, a.recognisedCredits])).toEqual(
      expect.arrayContaining([
        [7, 1, 300],
        [2, 2, 200],
        [5, 3, 0],
      ]),
    );
    // Two conversions in one call: each decision gets its own references.
    expect(decided.find((a) => a.index === 2)).toMatchObject({
      localCourseRef: encodeBytes32String("HB-CS1"),
      feeAccrued: 15_000n,
    });
    expect(decided.find((a) => a.index === 4)).toMatchObject({
      localCourseRef: encodeBytes32String("HB-CS2"),
      recognisedCredits: 250,
    });
    expect(decided.find((a) => a.index === 7)).toMatchObject({ localCourseRef: ZeroHash });
    expect(decided.find((a) => a.index === 5)).toMatchObject({ rejectReason: 4, feeAccrued: 0n, feePeriodId: 0 });

    // A forged record (credits raised) does not fit the batch's multiproof.
    const forged = buildAttestationTree(rows.map((r, i) => (i === 3 ? { ...r, credits: 900 } : r)));
    await expect(
      recognizeBatches(home, {
        batches: [
          {
            tree: { ...forged, root: tree.root, getMultiProof: forged.getMultiProof.bind(forged) } as typeof tree,
            items: [{ index: 3, decide: { decision: "accept" } }],
          },
        ],
      }),
    ).rejects.toBeInstanceOf(contractErrors.CreditLedgerInvalidProof);
  });

  it("refuses a record listed twice before sending anything", async () => {
    const tree = buildAttestationTree([attestationRow(200, { index: 0 }), attestationRow(201, { index: 1 })]);
    const accept = { decision: "accept" as const };
    await expect(
      recognizeBatches(alliance.members[1], {
        batches: [
          {
            tree,
            items: [
              { index: 1, decide: accept },
              { index: 1, decide: accept },
            ],
          },
        ],
      }),
    ).rejects.toBeInstanceOf(RangeError);
  });
});
