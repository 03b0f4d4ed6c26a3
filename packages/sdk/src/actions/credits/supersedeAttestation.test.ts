import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAttestationTree } from "../../attestations/buildAttestationTree.js";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { attestationRow, openTestPeriod, publishTestCourse, startActionsAlliance } from "../testing/actionsAlliance.js";
import { anchorBatch } from "./anchorBatch.js";
import { supersedeAttestation } from "./supersedeAttestation.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  await publishTestCourse(alliance.members[0], "CS101");
  await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("supersedeAttestation", () => {
  it("revokes a record and links the issuer's record that corrects it", async () => {
    const host = alliance.members[0];
    const wrong = attestationRow(0, { credits: 200 });
    const right = attestationRow(1);
    const tree = buildAttestationTree([wrong, right]);
    await anchorBatch(host, { root: tree.root, count: 2 });
    const record = { root: tree.root, attestation: wrong, proof: tree.getProof(0) };
    const replacement = { root: tree.root, attestation: right, proof: tree.getProof(1) };

    await expect(supersedeAttestation(host, { record, replacement: record, reasonCode: 3 })).rejects.toBeInstanceOf(
      contractErrors.CreditLedgerInvalidAttestation,
    );
    await supersedeAttestation(host, { record, replacement, reasonCode: 3 });
    expect((await alliance.reader.creditLedger.recordStatus(1, tree.root, 0)).revoked).toBe(true);
    expect(await alliance.reader.creditLedger.supersededBy(tree.leafHash(tree.at(0)!))).toBe(
      tree.leafHash(tree.at(1)!),
    );
  });
});
