import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { id, type JsonRpcProvider } from "ethers";
import {
  addressesOf,
  anchorBatch,
  bootstrapAlliance,
  buildAttestationTree,
  claimEntries,
  closePeriod,
  confirmEntries,
  createAllianceClient,
  entryIdOf,
  exportOpenBadgeCredential,
  issueCredentialFiles,
  openPeriod,
  ProposalAction,
  proposeDecision,
  publishCourse,
  recognizeAttestations,
  reconciliationReportCsv,
  reconciliationReportJson,
  recordSettlement,
  sealAttestation,
  setCourseTier,
  type AllianceAddresses,
  type ClaimEntryParameters,
  type RecognitionItem,
} from "@alliance-ledger/sdk";
import { devWallet } from "@alliance-ledger/sdk/testing";
import type { ImportedRecords } from "@alliance-ledger/api";
import { CONTRIBUTION_RULE, charterShares } from "./demoCharter.js";
import { seedSharedResources } from "./seedSharedResources.js";

/** The demo alliance: Beijing-Tianjin-Hebei universities and Chengdu-Chongqing vocational colleges. */
export const DEMO_MEMBERS = [
  {
    name: "Beijing Institute of Technology",
    kind: 0,
    region: "Beijing",
    course: ["BIT-CS201", "Data Structures and Algorithms", 300],
  },
  {
    name: "Tianjin University",
    kind: 0,
    region: "Tianjin",
    course: ["TJU-ME310", "Intelligent Manufacturing Systems", 250],
  },
  {
    name: "Hebei University of Technology",
    kind: 0,
    region: "Hebei",
    course: ["HEBUT-EE105", "Circuit Analysis", 300],
  },
  {
    name: "Chongqing Industry Polytechnic College",
    kind: 1,
    region: "Chongqing",
    course: ["CQIPC-RB120", "Industrial Robot Operation", 200],
  },
  {
    name: "Chengdu Aeronautic Polytechnic",
    kind: 1,
    region: "Sichuan",
    course: ["CAP-AM101", "Aircraft Maintenance Fundamentals", 250],
  },
  {
    name: "Sichuan Engineering Technical College",
    kind: 1,
    region: "Sichuan",
    course: ["SETC-PG210", "Smart Grid Technology", 150],
  },
] as const;

const TERM = 20261;
const STUDENTS_PER_COURSE = 12;

export interface SeededDemo {
  addresses: AllianceAddresses;
  deployedAtBlock: number;
  credentialFiles: string[];
  reportHash: string;
  /** Everything the seed recorded, for the gateway's books (so its audit export covers the demo too). */
  records: ImportedRecords;
  /** Each course version's title and syllabus, whose hash is on chain, for the gateway to keep. */
  courseTexts: Array<{ courseId: number; version: number; text: string }>;
}

/**
 * Deploys the contracts and plays one term of a demo alliance drawn from the seed papers: six members,
 * the charter's investment shares and minimum contribution rule decided by the council, one shared
 * course each (two certified), a term of attestations anchored as batches, recognitions (accepted,
 * converted, rejected), contributions in cash and in kind, expenses, period 1 closed with its
 * reconciliation report and settlements (and its low contributor recorded), and period 2 open with
 * shared teachers, a training base, a library licence and alliance income. Writes the report and
 * every student's credential file (plus its Open Badges export) under `dataDir`.
 */
export async function seedDemoAlliance(
  provider: JsonRpcProvider,
  dataDir: string,
  log: (line: string) => void,
): Promise<SeededDemo> {
  const bootstrap = devWallet(0, provider);
  const operators = DEMO_MEMBERS.map((_, i) => devWallet(i + 1, provider));
  const deployedAtBlock = await provider.getBlockNumber();
  const contracts = await bootstrapAlliance(
    bootstrap,
    DEMO_MEMBERS.map((m, i) => ({ name: m.name, kind: m.kind, region: m.region, operator: operators[i].address })),
  );
  const addresses = await addressesOf(contracts);
  const secretariat = createAllianceClient({ runner: bootstrap, addresses });
  const member = operators.map((w) => createAllianceClient({ runner: w, addresses }));
  log(`deployed the contracts and admitted ${DEMO_MEMBERS.length} members`);

  // Each course's title and syllabus: only its hash goes on chain; the gateway keeps the text.
  const courseTexts: Array<{ courseId: number; version: number; text: string }> = [];
  for (const [i, m] of DEMO_MEMBERS.entries()) {
    const [code, title, credits] = m.course;
    const text = `${title}\n${code}: ${credits / 100} credits, ${(credits / 100) * 16} contact hours, term ${TERM}.`;
    const { courseId } = await publishCourse(member[i], {
      code,
      terms: {
        metadata: text,
        credits,
        contactHours: (credits / 100) * 16,
        feePerCredit: 60_000n,
        term: TERM,
        seats: 60,
      },
    });
    courseTexts.push({ courseId, version: 1, text });
  }
  for (const courseId of [1, 4])
    await setCourseTier(secretariat, { courseId, tier: 1, reasonHash: id(`evaluation report ${courseId} 2026`) });
  // The council (here the bootstrap key, a council of one) decides the charter's terms; periods open with them.
  await proposeDecision(secretariat, { action: ProposalAction.DecideShares, shares: { shares: charterShares() } });
  await proposeDecision(secretariat, {
    action: ProposalAction.SetContributionRule,
    contributionRule: CONTRIBUTION_RULE,
  });
  const { periodId } = await openPeriod(secretariat, { currency: "CNY" });
  log("published 6 shared courses (2 certified), decided the charter's shares and rule, opened budget period 1");

  // Each host attests students of the next two members.
  const credentialDir = join(dataDir, "credentials");
  await mkdir(credentialDir, { recursive: true });
  const { chainId } = await provider.getNetwork();
  const credentialFiles: string[] = [];
  const records: ImportedRecords = { batches: [], costEntries: [], reports: [] };
  const decisions: Array<{ home: number; item: RecognitionItem }> = [];
  for (const [i, m] of DEMO_MEMBERS.entries()) {
    const issuerId = i + 1;
    const [code, title, credits] = m.course;
    const sealed = Array.from({ length: STUDENTS_PER_COURSE }, (_, s) => {
      const homeId = ((i + 1 + (s % 2)) % DEMO_MEMBERS.length) + 1;
      return sealAttestation({
        issuerId,
        homeId,
        courseId: issuerId,
        courseVersion: 1,
        term: TERM,
        credits,
        studentRef: `${2026_0000 + issuerId * 100 + s}`,
        grade: ["A", "A-", "B+", "B", "C"][s % 5],
        completionDate: "2026-07-10",
        index: s,
      });
    });
    const tree = buildAttestationTree(sealed.map((s) => s.attestation));
    const anchored = await anchorBatch(member[i], { root: tree.root, count: sealed.length });
    records.batches.push({ root: tree.root, issuerId, blockNumber: anchored.blockNumber, sealed });
    const anchoredAt = new Date(Number((await provider.getBlock(anchored.blockNumber))!.timestamp) * 1000);
    const files = issueCredentialFiles({
      tree,
      sealed,
      chainId: Number(chainId),
      creditLedger: addresses.creditLedger,
    });
    for (const [s, file] of files.entries()) {
      // Named by course and place in the batch: file names travel (mail, shares), student numbers must not.
      const name = `${code}-${String(s + 1).padStart(2, "0")}`;
      await writeFile(join(credentialDir, `${name}.json`), `${JSON.stringify(file, null, 2)}\n`);
      const badge = exportOpenBadgeCredential(file, { issuer: { name: m.name }, course: { code, title }, anchoredAt });
      await writeFile(join(credentialDir, `${name}.openbadge.json`), `${JSON.stringify(badge, null, 2)}\n`);
      credentialFiles.push(join(credentialDir, `${name}.json`));
      // Most are accepted; on general courses some are converted or rejected; two stay pending.
      if (s >= STUDENTS_PER_COURSE - 2) continue;
      const certified = issuerId === 1 || issuerId === 4;
      const decide: RecognitionItem["decide"] =
        certified || s % 5 < 3
          ? { decision: "accept" }
          : s % 5 === 3
            ? {
                decision: "convert",
                recognisedCredits: credits - 50,
                localCourse: `LOCAL-${code}`,
                conversionRule: "credit-map-2026",
              }
            : { decision: "reject", reasonCode: 3 };
      decisions.push({
        home: file.attestation.homeId,
        item: { batchRoot: file.batchRoot, attestation: file.attestation, proof: file.proof, decide },
      });
    }
  }
  log(
    `anchored ${DEMO_MEMBERS.length} batches of ${STUDENTS_PER_COURSE} attestations; credential files in ${credentialDir}`,
  );

  for (let home = 1; home <= DEMO_MEMBERS.length; home++) {
    const items = decisions.filter((d) => d.home === home).map((d) => d.item);
    if (items.length) await recognizeAttestations(member[home - 1], { items });
  }
  log(`home schools decided ${decisions.length} attestations (accepted, converted, rejected)`);

  // Contributions: cash from universities, lab hours in kind from colleges (Sichuan Engineering gives a
  // fifth of the others' and falls below the charter's minimum), a shared expense.
  const claims: ClaimEntryParameters[][] = DEMO_MEMBERS.map((m, i) => [
    m.kind === 0
      ? {
          memberId: i + 1,
          reference: `${i + 1}-cash-2026`,
          periodId,
          entry: { kind: "cash", amount: 30_000_000n + BigInt(i) * 5_000_000n },
          evidenceHash: id(`bank receipt ${i}`),
        }
      : {
          memberId: i + 1,
          reference: `${i + 1}-lab-2026`,
          periodId,
          entry: { kind: "inKind", category: "lab-hours", quantity: i === 5 ? 80n : 400n, unitValue: 45_000n },
          evidenceHash: id(`lab log ${i}`),
        },
  ]);
  claims[0].push({
    memberId: 1,
    reference: "1-platform-2026",
    periodId,
    entry: { kind: "expense", amount: 12_345_600n },
    evidenceHash: id("course platform invoice"),
  });
  for (const [i, c] of claims.entries()) await claimEntries(member[i], { claims: c });
  await confirmEntries(secretariat, { entryIds: claims.flat().map((c) => entryIdOf(c.memberId, c.reference)) });
  for (const [i, memberClaims] of claims.entries()) {
    for (const c of memberClaims) {
      const e = c.entry;
      const amount = e.kind === "inKind" ? e.quantity * e.unitValue : e.amount;
      records.costEntries.push({
        reference: c.reference,
        entryId: entryIdOf(c.memberId, c.reference),
        periodId,
        memberId: i + 1,
        kind: e.kind,
        amount,
        status: "confirmed",
      });
    }
  }
  log("members claimed contributions and an expense; the secretariat confirmed them");

  // Close period 1 with the reconciliation computed from the chain's totals; record the settlements.
  const { reconciliation, reportHash } = await closePeriod(secretariat, { periodId });
  const reportDir = join(dataDir, "reports");
  await mkdir(reportDir, { recursive: true });
  await writeFile(join(reportDir, `period-${periodId}.json`), reconciliationReportJson(reconciliation));
  records.reports.push({ periodId, reportHash, json: reconciliationReportJson(reconciliation) });
  await writeFile(join(reportDir, `period-${periodId}.csv`), reconciliationReportCsv(reconciliation));
  for (const [i, t] of reconciliation.settlements.entries()) {
    await recordSettlement(member[t.payerId - 1], {
      periodId,
      payeeId: t.payeeId,
      amount: t.amount,
      paymentReference: `DEMO-SETTLE-${i + 1}`,
    });
  }
  log(
    `closed period ${periodId} (report ${reportHash}); ${reconciliation.settlements.length} settlement payments recorded`,
  );

  const next = await openPeriod(secretariat, { currency: "CNY" });
  log("opened budget period 2 for the next term, with the charter's shares");
  log(await seedSharedResources(member, secretariat, next.periodId, records));

  return { addresses, deployedAtBlock, credentialFiles, reportHash, records, courseTexts };
}
