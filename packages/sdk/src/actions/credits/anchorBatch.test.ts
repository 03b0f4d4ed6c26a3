import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAttestationTree } from "../../attestations/buildAttestationTree.js";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { attestationRow, openTestPeriod, publishTestCourse, startActionsAlliance } from "../testing/actionsAlliance.js";
import { ContractRevertedError } from "../../errors/contractErrors.js";
import { anchorBatch } from "./anchorBatch.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
  await publishTestCourse(alliance.members[0], "CS101");
  await openTestPeriod(alliance);
});
afterAll(async () => alliance?.stop());

describe("anchorBatch", () => {
  it("anchors a batch's root under the issuing member", async () => {
    const rows = [attestationRow(0), attestationRow(1), attestationRow(2)];
    const tree = buildAttestationTree(rows);
    const anchored = await anchorBatch(alliance.members[0], { root: tree.root, count: rows.length });
    expect(anchored).toMatchObject({ root: tree.root, count: 3 });
    const batch = await alliance.reader.creditLedger.batch(1, tree.root);
    expect([batch.issuerId, batch.count]).toEqual([1n, 3n]);
    expect(await alliance.reader.creditLedger.isAnchored(tree.root, rows[1], tree.getProof(1))).toBe(true);
    await expect(anchorBatch(alliance.members[0], { root: tree.root, count: 3 })).rejects.toBeInstanceOf(
      contractErrors.CreditLedgerBatchExists,
    );
  });

  it("decodes a refusal into a named error with its arguments and documentation", async () => {
    const error = await anchorBatch(alliance.outsider, { root: id("x"), count: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractRevertedError);
    expect(error).toBeInstanceOf(contractErrors.RegistryUnknownOperator);
    expect((error as ContractRevertedError).message).toMatch(/RegistryUnknownOperator\(account=0x/);
    expect((error as ContractRevertedError).docsPath).toBe("contracts/interfaces/IAllianceRegistry.sol");
  });
});
