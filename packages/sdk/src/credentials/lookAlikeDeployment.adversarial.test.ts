import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishCourse } from "../actions/catalog/publishCourse.js";
import { anchorBatch } from "../actions/credits/anchorBatch.js";
import { buildAttestationTree } from "../attestations/buildAttestationTree.js";
import { addressesOf, createAllianceClient } from "../client/createAllianceClient.js";
import { bootstrapAlliance } from "../deploy/bootstrapAlliance.js";
import { devWallet, startLocalAlliance, type LocalAlliance } from "../testing/startLocalAlliance.js";
import { issueCredentialFiles } from "./credentialFile.js";
import { sealAttestation } from "./sealAttestation.js";
import { verifyCredential } from "./verifyCredential.js";

/**
 * Attack 2: a member key deploys its own copy of the contracts on the alliance's chain, registers itself
 * as "member 1", anchors a forged 30-credit record and hands out the file. Everything in the file is
 * internally consistent; only the pinned deployment tells it apart.
 */
let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startLocalAlliance(2);
}, 120_000);
afterAll(async () => alliance?.stop());

describe("a credential from a look-alike deployment", () => {
  it("fails the named deployment check instead of verifying", async () => {
    const attackerKey = devWallet(1, alliance.provider); // member 1's own operator key on the real alliance
    const forgedContracts = await bootstrapAlliance(attackerKey, [
      { name: "Member 1", kind: 0, region: "Test", operator: devWallet(3, alliance.provider).address },
      { name: "Member 2", kind: 0, region: "Test", operator: devWallet(2, alliance.provider).address },
    ]);
    const forged = createAllianceClient({
      runner: devWallet(3, alliance.provider),
      addresses: await addressesOf(forgedContracts),
    });
    await publishCourse(forged, {
      code: "FAKE",
      terms: { metadata: "Forged", credits: 3000, contactHours: 1, feePerCredit: 0n, term: 20261, seats: 1 },
    });
    const sealed = [
      sealAttestation({
        issuerId: 1,
        homeId: 2,
        courseId: 1,
        courseVersion: 1,
        term: 20261,
        credits: 3000,
        studentRef: "attacker",
        grade: "A",
        completionDate: "2026-07-01",
      }),
    ];
    const tree = buildAttestationTree(sealed.map((s) => s.attestation));
    await anchorBatch(forged, { root: tree.root, count: 1 });
    const { chainId } = await alliance.provider.getNetwork();
    const [file] = issueCredentialFiles({
      tree,
      sealed,
      chainId: Number(chainId),
      creditLedger: forged.addresses.creditLedger,
    });

    // Verified as if the look-alike were the alliance, it would pass every check: the attack is real.
    const naive = await verifyCredential(file, alliance.provider, {
      chainId: Number(chainId),
      creditLedger: forged.addresses.creditLedger,
    });
    expect(naive.valid).toBe(true);

    const pinned = await verifyCredential(file, alliance.provider, {
      chainId: Number(chainId),
      creditLedger: alliance.reader.addresses.creditLedger,
    });
    expect(pinned.valid).toBe(false);
    expect(pinned.checks.find((c) => c.name === "deployment")).toMatchObject({
      outcome: "fail",
      reason: expect.stringContaining("not issued on this alliance's ledger"),
    });
    expect(pinned.checks.filter((c) => c.outcome === "pass").map((c) => c.name)).not.toContain("anchored");
  });
});
