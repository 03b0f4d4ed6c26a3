import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { attestationRow, openTestPeriod, publishTestCourse, startActionsAlliance } from "../testing/actionsAlliance.js";
import { attestationLeafHash } from "../../attestations/attestation.js";
import { anchorAttestation } from "./anchorAttestation.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  await publishTestCourse(alliance.members[0], "CS101");
  await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("anchorAttestation", () => {
  it("anchors one record as its own root, its proof empty", async () => {
    const attestation = attestationRow(0);
    const { root, count } = await anchorAttestation(alliance.members[0], { attestation });
    expect([root, count]).toEqual([attestationLeafHash(attestation), 1]);
    expect(await alliance.reader.creditLedger.isAnchored(root, attestation, [])).toBe(true);
  });

  it("is refused a record naming another issuer, and one with more credits than its course", async () => {
    await expect(
      anchorAttestation(alliance.members[0], { attestation: attestationRow(1, { issuerId: 2 }) }),
    ).rejects.toBeInstanceOf(contractErrors.CreditLedgerNotIssuer);
    await expect(
      anchorAttestation(alliance.members[0], { attestation: attestationRow(2, { index: 0, credits: 900 }) }),
    ).rejects.toBeInstanceOf(contractErrors.CreditLedgerCreditsExceedCourse);
  });
});
