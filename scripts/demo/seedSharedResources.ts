import { id } from "ethers";
import {
  acceptResourceUse,
  type AllianceClient,
  type ClaimEntryParameters,
  claimEntries,
  confirmEntries,
  confirmResourceUse,
  dayOfIsoDate,
  disputeResourceUse,
  entryIdOf,
  publishResource,
  recordResourceDelivery,
  requestResourceUse,
  resolveResourceDispute,
  textHash,
} from "@alliance-ledger/sdk";
import type { ImportedRecords } from "@alliance-ledger/api";

const AUTUMN = { start: dayOfIsoDate("2026-09-07"), end: dayOfIsoDate("2026-12-25") };

/**
 * The autumn term's shared resources and income, in the open period (seed 002: "teacher exchange",
 * "training rooms, teaching equipment … difficult to divide responsibilities in case of problems",
 * "books and literature … can be shared", and seed 001's funds "raised from society"):
 * - Tianjin University seconds a teacher to Hebei University of Technology for 64 hours at ¥600 an hour
 *   (Hebei's student-teacher ratio is 18.11 to Beijing's 14.61, seed 002 Table 1);
 * - Chongqing Industry Polytechnic's industrial robot training base at ¥3,500 a day: 10 days for Sichuan
 *   Engineering's interns, confirmed; 6 days for Chengdu Aeronautic, disputed (two days the robots were
 *   down) and resolved by the secretariat at 4;
 * - Beijing Institute of Technology's digital library licence at ¥12,000 a term: Hebei and Chengdu
 *   confirmed, Sichuan's request not yet accepted;
 * - income: a ¥500,000 Beijing-Tianjin-Hebei coordinated development grant received by Beijing Institute
 *   of Technology, ¥86,000 of enterprise training fees received by Chongqing Industry Polytechnic.
 * Every term document names who is responsible for what; only its hash goes on chain.
 */
export async function seedSharedResources(
  member: readonly AllianceClient[],
  secretariat: AllianceClient,
  periodId: number,
  records: ImportedRecords,
): Promise<string> {
  const [bit, tju, hebut, cqipc, cap, setc] = member;
  const teacher = await publishResource(tju, {
    kind: "teacherSecondment",
    terms: {
      unit: "hour",
      pricePerUnit: 60_000n,
      capacity: 120,
      termsHash: textHash(
        "Teacher secondment, Tianjin University. The host pays the teacher and answers for teaching quality; the using school provides classrooms and answers for its students' safety.",
      ),
    },
  });
  const base = await publishResource(cqipc, {
    kind: "labOrTrainingRoom",
    terms: {
      unit: "day",
      pricePerUnit: 350_000n,
      capacity: 20,
      termsHash: textHash(
        "Industrial robot training base, Chongqing Industry Polytechnic. The host maintains the robots and answers for equipment faults; the using school supervises its interns and answers for damage they cause.",
      ),
    },
  });
  const library = await publishResource(bit, {
    kind: "libraryOrDigitalCollection",
    terms: {
      unit: "licence",
      pricePerUnit: 1_200_000n,
      capacity: 10,
      termsHash: textHash(
        "Digital library licence for one term, Beijing Institute of Technology. The host keeps the service available; the using school keeps access to its own staff and students.",
      ),
    },
  });

  const use = async (
    user: AllianceClient,
    resourceId: number,
    quantity: number,
    host: AllianceClient,
    hostPerson?: { memberId: number; ref: string },
  ) => {
    const { useId } = await requestResourceUse(user, {
      resourceId,
      quantity,
      startDay: AUTUMN.start,
      endDay: AUTUMN.end,
    });
    await acceptResourceUse(host, {
      useId,
      ...(hostPerson ? { memberId: hostPerson.memberId, person: { ref: hostPerson.ref } } : {}),
    });
    await recordResourceDelivery(host, {
      useId,
      deliveredQuantity: quantity,
      deliveryHash: id(`delivery sheet ${useId}`),
    });
    return useId;
  };
  // The seconded teacher appears on chain only as a salted commitment.
  await confirmResourceUse(hebut, {
    useId: await use(hebut, teacher.resourceId, 64, tju, { memberId: 2, ref: "TJU-T-2019-031" }),
  });
  await confirmResourceUse(setc, { useId: await use(setc, base.resourceId, 10, cqipc) });
  const disputed = await use(cap, base.resourceId, 6, cqipc);
  await disputeResourceUse(cap, {
    useId: disputed,
    reasonHash: textHash("Robots 3 and 4 were down on two of the six days."),
  });
  await resolveResourceDispute(secretariat, {
    useId: disputed,
    resolvedQuantity: 4,
    reasonHash: textHash("Maintenance log confirms two days of downtime: four days are billed."),
  });
  await confirmResourceUse(hebut, { useId: await use(hebut, library.resourceId, 1, bit) });
  await confirmResourceUse(cap, { useId: await use(cap, library.resourceId, 1, bit) });
  await requestResourceUse(setc, {
    resourceId: library.resourceId,
    quantity: 1,
    startDay: AUTUMN.start,
    endDay: AUTUMN.end,
  });

  const income: ClaimEntryParameters[] = [
    {
      memberId: 1,
      reference: "1-grant-2026-autumn",
      periodId,
      entry: { kind: "income", source: "coordinated-development-grant", amount: 50_000_000n },
      evidenceHash: id("grant award letter 2026"),
    },
    {
      memberId: 4,
      reference: "4-training-fees-2026-autumn",
      periodId,
      entry: { kind: "income", source: "enterprise-training-fees", amount: 8_600_000n },
      evidenceHash: id("training fee receipts 2026"),
    },
  ];
  for (const c of income) await claimEntries(member[c.memberId - 1], { claims: [c] });
  await confirmEntries(secretariat, { entryIds: income.map((c) => entryIdOf(c.memberId, c.reference)) });
  for (const c of income)
    records.costEntries.push({
      reference: c.reference,
      entryId: entryIdOf(c.memberId, c.reference),
      periodId,
      memberId: c.memberId,
      kind: "income",
      amount: c.entry.kind === "income" ? c.entry.amount : 0n,
      status: "confirmed",
    });
  return "published a seconded teacher, a training base and a library licence; 5 uses confirmed, 1 disputed and resolved, 1 awaiting the host; ¥586,000 of alliance income confirmed";
}
