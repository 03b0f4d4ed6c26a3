import { id } from "ethers";
import { fieldCommitment, learnerCommitment, type Attestation } from "../../attestations/attestation.js";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { startLocalAlliance, type LocalAlliance } from "../../testing/startLocalAlliance.js";
import { publishCourse } from "../catalog/publishCourse.js";
import { claimEntry } from "../costs/claimEntry.js";
import { closePeriod } from "../costs/closePeriod.js";
import { confirmEntry } from "../costs/confirmEntry.js";
import { openPeriod } from "../costs/openPeriod.js";

/**
 * The chain an action's test file runs on: one local alliance of three active members (ids 1-3) and a
 * secretariat key holding every role, council quorum 1. One per test file, started in its `beforeAll`.
 */
export function startActionsAlliance(): Promise<LocalAlliance> {
  return startLocalAlliance(3);
}

/** Record `i` of a batch member 1 issues for a student of member 2, on course 1 version 1. */
export const attestationRow = (i: number, overrides: Partial<Attestation> = {}): Attestation => ({
  issuerId: 1,
  homeId: 2,
  courseId: 1,
  courseVersion: 1,
  term: 20261,
  index: i,
  learnerCommitment: learnerCommitment(id(`salt-${i}`), 2, `S-${i}`),
  credits: 300,
  gradeCommitment: fieldCommitment(id(`g-${i}`), "A"),
  completionCommitment: fieldCommitment(id(`d-${i}`), "2026-07-01"),
  ...overrides,
});

/** A general course of 3 credits at 5,000 per credit (a fee of 15,000 per recognition), published by `host`. */
export async function publishTestCourse(host: AllianceClient, code: string): Promise<number> {
  const terms = { metadata: code, credits: 300, contactHours: 48, feePerCredit: 5_000n, term: 20261, seats: 60 };
  return (await publishCourse(host, { code, terms })).courseId;
}

/** Opens a CNY period with shares 40 / 35 / 25 % for members 1, 2, 3. */
export async function openTestPeriod(alliance: LocalAlliance): Promise<number> {
  const shares = [
    { memberId: 1, shareBps: 4000 },
    { memberId: 2, shareBps: 3500 },
    { memberId: 3, shareBps: 2500 },
  ];
  return (await openPeriod(alliance.secretariat, { currency: "CNY", shares })).periodId;
}

/**
 * A closed period where member 1 contributed 1,000,000: nets +600,000 / -350,000 / -250,000, so
 * members 2 and 3 owe member 1.
 */
export async function closedTestPeriod(alliance: LocalAlliance): Promise<number> {
  const periodId = await openTestPeriod(alliance);
  const { entryId } = await claimEntry(alliance.members[0], {
    memberId: 1,
    reference: `cash-${periodId}`,
    periodId,
    entry: { kind: "cash", amount: 1_000_000n },
    evidenceHash: id("receipt"),
  });
  await confirmEntry(alliance.secretariat, { entryId });
  await closePeriod(alliance.secretariat, { periodId });
  return periodId;
}
