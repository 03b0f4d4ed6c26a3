import { network } from "hardhat";
import { encodeBytes32String, getBytes, hexlify, id, randomBytes, type ContractTransactionResponse, Wallet, ZeroHash } from "ethers";
import {
  addressesOf,
  bootstrapAlliance,
  createAllianceClient,
  getPeriodTotals,
  buildAttestationTree,
  computeNetPositions,
  fieldCommitment,
  learnerCommitment,
  PerRecordAttestationStore__factory,
  type Attestation,
  type MemberSpec,
} from "@alliance-ledger/sdk";
import { printTable, type BenchResult } from "./report.js";

/**
 * Gas of the ledger's hot paths on Hardhat's in-process Cancun network with free gas (as on Besu).
 * Gas is exact and deterministic; "tx" figures are the whole transaction (receipt gasUsed), "exec"
 * figures subtract the intrinsic cost (21,000 plus calldata), as Foundry and Hardhat gas reports do.
 */
const { ethers } = await network.create();

const BATCH_SIZES = [1, 64, 1024, 4096] as const;
const BASELINE_SAMPLE = 32;

async function gasOf(tx: Promise<ContractTransactionResponse>) {
  const sent = await tx;
  const receipt = (await sent.wait())!;
  const intrinsic = 21_000n + getBytes(sent.data).reduce((sum, byte) => sum + (byte === 0 ? 4n : 16n), 0n);
  return { tx: receipt.gasUsed, exec: receipt.gasUsed - intrinsic };
}

function rows(issuerId: number, homeId: number, courseId: number, n: number): Attestation[] {
  return Array.from({ length: n }, (_, i) => ({
    issuerId,
    homeId,
    courseId,
    courseVersion: 1,
    term: 20261,
    learnerCommitment: learnerCommitment(hexlify(randomBytes(32)), homeId, `S${i}`),
    credits: 300,
    gradeCommitment: fieldCommitment(hexlify(randomBytes(32)), "A"),
    completionCommitment: fieldCommitment(hexlify(randomBytes(32)), "2026-07-01"),
  }));
}

function cashClaim(entryId: string, amount: bigint) {
  return { entryId, periodId: 1, kind: 0, amount, category: ZeroHash, quantity: 0n, unitValue: 0n, reverses: ZeroHash, evidenceHash: id("receipt") };
}

/**
 * `n` members whose operators are fresh wallets. Gas is free, but ethers' default fee data still asks
 * for 1 gwei of priority fee up front, so each wallet gets a balance to cover the check.
 */
async function memberWallets(n: number) {
  const wallets = Array.from({ length: n }, () => Wallet.createRandom(ethers.provider));
  for (const w of wallets) await ethers.provider.send("hardhat_setBalance", [w.address, "0x56BC75E2D63100000"]);
  const specs: MemberSpec[] = wallets.map((w, i) => ({ name: `Member ${i + 1}`, kind: i % 2, region: "Bench", operator: w.address }));
  return { wallets, specs };
}

async function closeGas(memberCount: number) {
  const [deployer] = await ethers.getSigners();
  const { wallets, specs } = await memberWallets(memberCount);
  const contracts = await bootstrapAlliance(deployer, specs);
  const { costLedger } = contracts;
  const ids = specs.map((_, i) => i + 1);
  const base = Math.floor(10_000 / memberCount);
  const shares = ids.map((_, i) => (i === 0 ? 10_000 - base * (memberCount - 1) : base));
  await (await costLedger.openPeriod("0x434e59", ids, shares)).wait();
  for (const [i, w] of wallets.entries()) {
    const entryId = id(`close-${memberCount}-${i}`);
    await (await costLedger.connect(w).claimEntry(cashClaim(entryId, BigInt(1_000 + i * 7)))).wait();
    await (await costLedger.confirmEntry(entryId)).wait();
  }
  const reader = createAllianceClient({ runner: ethers.provider, addresses: await addressesOf(contracts) });
  const nets = computeNetPositions(await getPeriodTotals(reader, { periodId: 1 })).map((n) => n.net);
  return gasOf(costLedger.closePeriod(1, id("report"), nets));
}

export async function benchGas(): Promise<BenchResult> {
  const [deployer] = await ethers.getSigners();
  const { wallets, specs } = await memberWallets(3);
  const [host, home] = wallets;
  const contracts = await bootstrapAlliance(deployer, specs);
  const { catalog, costLedger, creditLedger, registry } = contracts;
  await (await catalog.connect(host).publishCourse(encodeBytes32String("CS101"), {
    metadataHash: id("syllabus"), credits: 300, contactHours: 48, feePerCredit: 5_000n, term: 20261, seats: 60,
  })).wait();
  await (await costLedger.openPeriod("0x434e59", [1, 2, 3], [4000, 3500, 2500])).wait();

  // Anchoring: one root per batch, whatever its size.
  const anchorPerAttestation: Record<string, number> = {};
  const anchorTx: Record<string, number> = {};
  const trees = new Map<number, { tree: ReturnType<typeof buildAttestationTree>; rows: Attestation[] }>();
  for (const n of BATCH_SIZES) {
    const batch = rows(1, 2, 1, n);
    const tree = buildAttestationTree(batch);
    trees.set(n, { tree, rows: batch });
    const gas = await gasOf(creditLedger.connect(host).anchorBatch(tree.root, n));
    anchorTx[n] = Number(gas.tx);
    anchorPerAttestation[n] = Math.round((Number(gas.tx) / n) * 100) / 100;
  }

  // Baseline: each attestation its own storage record and transaction, same authorisation check.
  const store = await new PerRecordAttestationStore__factory(deployer).deploy(await registry.getAddress());
  let baselineTotal = 0n;
  for (const a of rows(1, 2, 1, BASELINE_SAMPLE)) baselineTotal += (await gasOf(store.connect(host).store(a))).tx;
  const baselinePerAttestation = Number(baselineTotal / BigInt(BASELINE_SAMPLE));

  // Recognition against the 1,024-leaf batch: proofs of depth 10.
  const { tree, rows: attested } = trees.get(1024)!;
  const request = (i: number) => ({
    batchRoot: tree.root, attestation: attested[i], proof: tree.getProof(i), decision: 1, recognisedCredits: attested[i].credits,
    localCourseRef: ZeroHash, conversionRuleRef: ZeroHash, rejectReason: 0,
  });
  const proofDepth = tree.getProof(0).length;
  await (await creditLedger.connect(home).recognize([request(0)])).wait(); // first write of the period's fee slots
  const recognizeOne = await gasOf(creditLedger.connect(home).recognize([request(1)]));
  const batch100 = await gasOf(creditLedger.connect(home).recognize(Array.from({ length: 100 }, (_, i) => request(2 + i))));

  // Claim + confirm of a cash contribution.
  const claim = cashClaim(id("bench-claim"), 1_000_000n);
  const claimGas = await gasOf(costLedger.connect(home).claimEntry(claim));
  const confirmGas = await gasOf(costLedger.confirmEntry(claim.entryId));

  const close20 = await closeGas(20);
  const close200 = await closeGas(200);

  const figures = {
    anchorPerAttestation,
    anchorTx,
    baselinePerAttestation,
    anchorRatioAt1024: Math.round((baselinePerAttestation / anchorPerAttestation[1024]) * 10) / 10,
    recognizeOne: Number(recognizeOne.exec),
    recognizeOneTx: Number(recognizeOne.tx),
    recognizeProofDepth: proofDepth,
    recognizeBatch100Tx: Number(batch100.tx),
    recognizeBatch100PerRecord: Math.round(Number(batch100.tx) / 100),
    claimContribution: Number(claimGas.tx),
    confirmContribution: Number(confirmGas.tx),
    claimPlusConfirm: Number(claimGas.tx + confirmGas.tx),
    closePeriod20: Number(close20.tx),
    closePeriod200: Number(close200.tx),
  };

  printTable("gas (exact; tx = receipt gasUsed, exec = minus 21,000 and calldata)", [
    ...BATCH_SIZES.map((n) => [`anchor batch of ${n}`, `${anchorTx[n]} tx`, `${anchorPerAttestation[n]} per attestation`]),
    ["baseline: one record per tx", `${baselinePerAttestation} tx`, `per attestation (mean of ${BASELINE_SAMPLE})`],
    ["anchoring vs baseline at 1,024", `${figures.anchorRatioAt1024}x less gas`, ""],
    [`recognize one (proof depth ${proofDepth})`, `${figures.recognizeOne} exec`, `${figures.recognizeOneTx} tx`],
    ["recognize 100 in one tx", `${figures.recognizeBatch100Tx} tx`, `${figures.recognizeBatch100PerRecord} per record`],
    ["claim + confirm contribution", `${figures.claimPlusConfirm} tx`, `${figures.claimContribution} + ${figures.confirmContribution}`],
    ["close period, 20 members", `${figures.closePeriod20} tx`, ""],
    ["close period, 200 members", `${figures.closePeriod200} tx`, ""],
  ]);
  return { name: "gas", figures };
}
