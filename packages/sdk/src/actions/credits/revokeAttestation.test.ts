import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAttestationTree } from "../../attestations/buildAttestationTree.js";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { attestationRow, openTestPeriod, publishTestCourse, startActionsAlliance } from "../testing/actionsAlliance.js";
import { anchorBatch } from "./anchorBatch.js";
import { revokeAttestation } from "./revokeAttestation.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  await publishTestCourse(alliance.members[0], "CS101");
  await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("revokeAttestation", () => {
  it("revokes the issuer's record; no other member can, even through a copy of its root", async () => {
    const [host, home] = alliance.members;
    const rows = [attestationRow(0), attestationRow(1)];
    const tree = buildAttestationTree(rows);
    await anchorBatch(host, { root: tree.root, count: rows.length });
    await revokeAttestation(host, {
      record: { root: tree.root, attestation: rows[1], proof: tree.getProof(1) },
      reasonCode: 5,
    });
    expect((await alliance.reader.creditLedger.recordStatus(1, tree.root, 1)).revoked).toBe(true);
    expect((await alliance.reader.creditLedger.recordStatus(1, tree.root, 0)).revoked).toBe(false);

    await anchorBatch(home, { root: tree.root, count: rows.length });
    const refused = revokeAttestation(home, {
      record: { root: tree.root, attestation: rows[0], proof: tree.getProof(0) },
      reasonCode: 5,
    });
    await expect(refused).rejects.toBeInstanceOf(contractErrors.CreditLedgerNotIssuer);
    await expect(refused).rejects.toMatchObject({ args: { callerMemberId: 2n, issuerId: 1n } });
    await expect(
      revokeAttestation(host, {
        record: { root: tree.root, attestation: rows[1], proof: tree.getProof(1) },
        reasonCode: 5,
      }),
    ).rejects.toBeInstanceOf(contractErrors.CreditLedgerRevoked);
  });
});
