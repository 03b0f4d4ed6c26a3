import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAttestationTree } from "../../attestations/buildAttestationTree.js";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { attestationRow, openTestPeriod, publishTestCourse, startActionsAlliance } from "../testing/actionsAlliance.js";
import { anchorBatch } from "./anchorBatch.js";
import { recognizeAttestations } from "./recognizeAttestations.js";
import { revokeAttestation } from "./revokeAttestation.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  await publishTestCourse(alliance.members[0], "CS101");
  await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("recognizeAttestations", () => {
  it("decides on records, each with its proof, and accrues the course fee; a revoked record is refused by name", async () => {
    const [host, home] = alliance.members;
    const rows = [attestationRow(0), attestationRow(1), attestationRow(2)];
    const tree = buildAttestationTree(rows);
    await anchorBatch(host, { root: tree.root, count: rows.length });
    await revokeAttestation(host, {
      record: { root: tree.root, attestation: rows[2], proof: tree.getProof(2) },
      reasonCode: 5,
    });

    await recognizeAttestations(home, {
      items: [0, 1].map((i) => ({
        batchRoot: tree.root,
        attestation: rows[i],
        proof: tree.getProof(i),
        decide: { decision: "accept" as const },
      })),
    });
    for (const i of [0, 1])
      expect((await alliance.reader.creditLedger.recordStatus(1, tree.root, i)).decided).toBe(true);
    expect((await alliance.reader.costLedger.memberTotals(1, 1)).feesReceivable).toBe(30_000n);

    const refused = recognizeAttestations(home, {
      items: [{ batchRoot: tree.root, attestation: rows[2], proof: tree.getProof(2), decide: { decision: "accept" } }],
    });
    await expect(refused).rejects.toBeInstanceOf(contractErrors.CreditLedgerRevoked);
    await expect(refused).rejects.toMatchObject({
      name: "CreditLedgerRevokedError",
      errorName: "CreditLedgerRevoked",
      args: { leaf: tree.leafHash(tree.at(2)!) },
    });
  });

  it("is refused to a member that is not the records' home school", async () => {
    const rows = [attestationRow(10, { index: 0 })];
    const tree = buildAttestationTree(rows);
    await anchorBatch(alliance.members[0], { root: tree.root, count: 1 });
    await expect(
      recognizeAttestations(alliance.members[2], {
        items: [
          { batchRoot: tree.root, attestation: rows[0], proof: tree.getProof(0), decide: { decision: "accept" } },
        ],
      }),
    ).rejects.toBeInstanceOf(contractErrors.CreditLedgerNotHomeMember);
  });
});
