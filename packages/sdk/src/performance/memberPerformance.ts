import type { Attestation } from "../attestations/attestation.js";
import type { LedgerEvent } from "../audit/readLedgerEvents.js";

export interface MemberPerformance {
  memberId: number;
  coursesOffered: number;
  seatsOffered: number;
  /** Attestations the member issued and did not revoke: students it taught for other schools. */
  studentsHosted: number;
  /** Hundredths of a credit, over the attestation records given. */
  creditsAttested: number;
  /** Hundredths of a credit recognised by home schools for students this member taught (less revoked records). */
  creditsRecognised: number;
  /** Confirmed contributions and expenses paid in the period, minor units. */
  contributed: bigint;
  /** What its share of the period's total cost would be, minor units. */
  expectedContribution: bigint;
  /**
   * contribution index = 0.5 x min(contributed / expected, 2) + 0.5 x min(studentsHosted / mean, 2);
   * 1.0 is an average member that paid its share. Both halves are capped so neither can hide the other.
   */
  contributionIndex: number;
  belowThreshold: boolean;
}

export interface MemberPerformanceParameters {
  events: readonly LedgerEvent[];
  periodId: number;
  /** Attestation records, to count attested credits (batches on chain only give counts). */
  attestations?: readonly Attestation[];
  /** The charter's participation threshold on the contribution index; default 0.5. */
  threshold?: number;
}

/**
 * The alliance's periodic self-evaluation of its members: courses and seats offered, students hosted,
 * credits attested and recognised, contributions against the member's share, a contribution index,
 * and which members fall below the charter's threshold (members with low participation and
 * contribution must improve or withdraw).
 */
export function memberPerformance(p: MemberPerformanceParameters): MemberPerformance[] {
  const rows = new Map<number, MemberPerformance>();
  const row = (memberId: number) => {
    let r = rows.get(memberId);
    if (!r) {
      r = {
        memberId,
        coursesOffered: 0,
        seatsOffered: 0,
        studentsHosted: 0,
        creditsAttested: 0,
        creditsRecognised: 0,
        contributed: 0n,
        expectedContribution: 0n,
        contributionIndex: 0,
        belowThreshold: false,
      };
      rows.set(memberId, r);
    }
    return r;
  };
  const courseHost = new Map<number, number>();
  const shares = new Map<number, number>();
  const claimed = new Map<string, { memberId: number; amount: bigint; kind: number; periodId: number }>();
  // Records are their issuer's: batches keyed by (issuer, root), record state by (issuer, root, index).
  const batchCount = new Map<string, number>();
  const recognised = new Map<string, number>();
  const revoked = new Set<string>();
  let totalCost = 0n;

  for (const e of p.events) {
    const a = e.args;
    switch (e.name) {
      case "CoursePublished":
        courseHost.set(Number(a.courseId), Number(a.hostMemberId));
        row(Number(a.hostMemberId)).coursesOffered += 1;
        break;
      case "CourseVersionPublished": {
        const host = courseHost.get(Number(a.courseId));
        if (host !== undefined) row(host).seatsOffered += Number(a.terms.seats);
        break;
      }
      case "BatchAnchored": {
        const key = `${a.issuerId}:${String(a.root).toLowerCase()}`;
        if (batchCount.has(key)) break; // the contract refuses a second anchoring of one batch
        batchCount.set(key, Number(a.count));
        row(Number(a.issuerId)).studentsHosted += Number(a.count);
        break;
      }
      case "AttestationRevoked": {
        // Only a record of the issuer's own anchored batch, within its count, once.
        const key = `${a.issuerId}:${String(a.root).toLowerCase()}`;
        const record = `${key}:${a.index}`;
        const count = batchCount.get(key);
        if (count === undefined || Number(a.index) >= count || revoked.has(record)) break;
        revoked.add(record);
        const r = row(Number(a.issuerId));
        r.studentsHosted -= 1;
        r.creditsRecognised -= recognised.get(record) ?? 0;
        break;
      }
      case "RecognitionDecided": {
        const record = `${a.issuerId}:${String(a.batchRoot).toLowerCase()}:${a.index}`;
        if (revoked.has(record) || recognised.has(record)) break; // refused on chain
        recognised.set(record, Number(a.recognisedCredits));
        row(Number(a.issuerId)).creditsRecognised += Number(a.recognisedCredits);
        break;
      }
      case "PeriodOpened":
        if (Number(a.periodId) === p.periodId)
          for (const [i, m] of [...a.memberIds].entries()) {
            row(Number(m));
            shares.set(Number(m), Number(a.sharesBps[i]));
          }
        break;
      case "EntryClaimed":
        claimed.set(String(a.entryId), {
          memberId: Number(a.memberId),
          amount: BigInt(a.amount),
          kind: Number(a.kind),
          periodId: Number(a.periodId),
        });
        break;
      case "EntryConfirmed": {
        const c = claimed.get(String(a.entryId));
        if (!c || c.periodId !== p.periodId) break;
        const signed = c.kind === 3 ? -c.amount : c.amount;
        row(c.memberId).contributed += signed;
        totalCost += signed;
        break;
      }
    }
  }
  for (const a of p.attestations ?? []) row(a.issuerId).creditsAttested += a.credits;

  const all = [...rows.values()].sort((x, y) => x.memberId - y.memberId);
  const meanHosted = all.reduce((s, r) => s + r.studentsHosted, 0) / Math.max(all.length, 1);
  const threshold = p.threshold ?? 0.5;
  for (const r of all) {
    r.expectedContribution = (totalCost * BigInt(shares.get(r.memberId) ?? 0)) / 10_000n;
    const paid = r.expectedContribution === 0n ? 1 : Number((r.contributed * 1000n) / r.expectedContribution) / 1000;
    const hosted = meanHosted === 0 ? 1 : r.studentsHosted / meanHosted;
    r.contributionIndex = Math.round((0.5 * Math.min(paid, 2) + 0.5 * Math.min(hosted, 2)) * 1000) / 1000;
    r.belowThreshold = r.contributionIndex < threshold;
  }
  return all;
}
