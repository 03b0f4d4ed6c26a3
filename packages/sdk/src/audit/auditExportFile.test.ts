import { describe, expect, it } from "vitest";
import type { BaseError } from "../errors/BaseError.js";
import { parseAuditExport, serializeAuditExport } from "./auditExportFile.js";

const attestation = {
  issuerId: 1,
  homeId: 2,
  courseId: 3,
  courseVersion: 1,
  term: 20261,
  index: 17,
  learnerCommitment: `0x${"01".repeat(32)}`,
  credits: 300,
  gradeCommitment: `0x${"02".repeat(32)}`,
  completionCommitment: `0x${"03".repeat(32)}`,
};
const exported = {
  attestations: [{ recordId: "a1", batchRoot: `0x${"cd".repeat(32)}`, proof: [`0x${"ef".repeat(32)}`], attestation }],
  costEntries: [
    {
      recordId: "c1",
      entryId: `0x${"ab".repeat(32)}`,
      periodId: 1,
      memberId: 2,
      kind: "cash" as const,
      amount: 12345678901234567n,
      status: "confirmed" as const,
    },
  ],
  periodTotals: [
    {
      periodId: 1,
      memberId: 2,
      contributed: 12345678901234567n,
      expensesPaid: 0n,
      feesReceivable: 5n,
      feesPayable: 0n,
    },
  ],
};

describe("audit export files", () => {
  it("round-trips amounts exactly, beyond what a float holds", () => {
    expect(parseAuditExport(serializeAuditExport(exported))).toEqual(exported);
  });

  it("names the path of every problem", () => {
    const bad = JSON.parse(serializeAuditExport(exported));
    bad.costEntries[0].amount = "12.5";
    bad.costEntries[0].kind = "gift";
    const error = (() => {
      try {
        parseAuditExport(JSON.stringify(bad));
      } catch (e) {
        return e as BaseError;
      }
    })();
    expect(error?.details).toEqual(
      expect.arrayContaining([
        "/costEntries/0/amount: expected an integer in minor units",
        expect.stringMatching(/^\/costEntries\/0\/kind: /),
      ]),
    );
    expect(() => parseAuditExport("{")).toThrow(/not JSON/);
  });

  it("carries each record's index in its batch, which the leaf binds", () => {
    expect(parseAuditExport(serializeAuditExport(exported)).attestations[0].attestation.index).toBe(17);
    const bad = JSON.parse(serializeAuditExport(exported));
    delete bad.attestations[0].attestation.index;
    expect(() => parseAuditExport(JSON.stringify(bad))).toThrow(
      expect.objectContaining({ details: [expect.stringMatching(/^\/attestations\/0\/attestation\/index: /)] }),
    );
  });
});
