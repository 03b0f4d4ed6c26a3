import { network } from "hardhat";
import {
  AbiCoder,
  encodeBytes32String,
  getBytes,
  hexlify,
  id,
  keccak256,
  randomBytes,
  type ContractTransactionResponse,
  Wallet,
  ZeroHash,
} from "ethers";
import {
  addressesOf,
  bootstrapAlliance,
  createAllianceClient,
  getPeriodTotals,
  buildAttestationTree,
  computeNetPositions,
  indexBatch,
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
  return { tx: receipt.gasUsed, exec: receipt.gasUsed - intrinsic, calldata: intrinsic - 21_000n, hash: sent.hash };
}

interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
  memory?: string[];
}

/** Function names by selector, for the contracts the credit ledger calls. */
const SELECTORS = new Map<string, string>();

/**
 * Where a transaction's execution gas goes, from its opcode trace: each external call inclusive (gas
 * before the call minus gas after it returns, named by callee and selector), and the caller's own
 * storage writes and reads, events and hashing; the rest is the caller's ABI decoding, proof loop,
 * memory and dispatch. The items add up to the exec gas (receipt gasUsed minus intrinsic gas; no refunds
 * here). `calls` itemises each call: its storage reads and writes and the rest (account access, the
 * callee's dispatch and ABI encoding).
 */
async function execBreakdown(hash: string, names: Map<string, string>, withMemory = true) {
  // Memory names each call's function; a large transaction is traced without it (calls named by callee).
  const options = withMemory
    ? { disableStorage: true, disableMemory: false, enableMemory: true }
    : { disableStorage: true, disableMemory: true };
  const trace = (await ethers.provider.send("debug_traceTransaction", [hash, options])) as { structLogs: StructLog[] };
  const logs = trace.structLogs;
  const items: Record<string, number> = {};
  const calls: Array<{ call: string; gas: number; sload: number; sstore: number; rest: number }> = [];
  const add = (k: string, g: number) => (items[k] = (items[k] ?? 0) + g);
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i];
    if (l.depth !== 1) continue;
    if (l.op === "CALL" || l.op === "STATICCALL" || l.op === "DELEGATECALL") {
      const stack = l.stack!;
      const word = (n: number) => BigInt(stack[stack.length - 1 - n]);
      const target = `0x${word(1).toString(16).padStart(40, "0")}`;
      const argsOffset = Number(l.op === "CALL" ? word(3) : word(2));
      const memory = (l.memory ?? []).map((w) => w.replace(/^0x/, "")).join("");
      const selector = `0x${memory.slice(argsOffset * 2, argsOffset * 2 + 8)}`;
      const name = withMemory
        ? `${names.get(target) ?? target}.${SELECTORS.get(selector) ?? selector}`
        : `call ${names.get(target) ?? target}`;
      let j = i + 1;
      let sload = 0;
      let sstore = 0;
      for (; j < logs.length && logs[j].depth !== 1; j++) {
        if (logs[j].op === "SLOAD") sload += logs[j].gasCost;
        if (logs[j].op === "SSTORE") sstore += logs[j].gasCost;
      }
      const gas = l.gas - logs[j].gas;
      calls.push({ call: name, gas, sload, sstore, rest: gas - sload - sstore });
      add(name, gas);
    } else if (l.op === "SSTORE") add("SSTORE", l.gasCost);
    else if (l.op === "SLOAD") add("SLOAD", l.gasCost);
    else if (l.op.startsWith("LOG")) add("event (LOG)", l.gasCost);
    else if (l.op === "KECCAK256" || l.op === "SHA3") add("KECCAK256 (leaf, proof, keys)", l.gasCost);
    else add("other (ABI decoding, proof loop, memory, dispatch)", l.gasCost);
  }
  items.total = Object.values(items).reduce((a, b) => a + b, 0);
  return { items, calls };
}

function rows(issuerId: number, homeId: number, courseId: number, n: number): Attestation[] {
  return indexBatch(
    Array.from({ length: n }, (_, i) => ({
      issuerId,
      homeId,
      courseId,
      courseVersion: 1,
      term: 20261,
      index: 0, // set to its position by indexBatch
      learnerCommitment: learnerCommitment(hexlify(randomBytes(32)), homeId, `S${i}`),
      credits: 300,
      gradeCommitment: fieldCommitment(hexlify(randomBytes(32)), "A"),
      completionCommitment: fieldCommitment(hexlify(randomBytes(32)), "2026-07-01"),
    })),
  );
}

/** A member's cash claim under its own reference, and the entry id the cost ledger derives from it. */
function cashClaim(memberId: number, reference: string, amount: bigint) {
  const memberRef = id(reference);
  const entryId = keccak256(AbiCoder.defaultAbiCoder().encode(["uint32", "bytes32"], [memberId, memberRef]));
  return {
    entryId,
    claim: {
      memberRef,
      periodId: 1,
      kind: 0,
      amount,
      category: ZeroHash,
      quantity: 0n,
      unitValue: 0n,
      reverses: ZeroHash,
      evidenceHash: id("receipt"),
    },
  };
}

/**
 * `n` members whose operators are fresh wallets. Gas is free, but ethers' default fee data still asks
 * for 1 gwei of priority fee up front, so each wallet gets a balance to cover the check.
 */
async function memberWallets(n: number) {
  const wallets = Array.from({ length: n }, () => Wallet.createRandom(ethers.provider));
  for (const w of wallets) await ethers.provider.send("hardhat_setBalance", [w.address, "0x56BC75E2D63100000"]);
  const specs: MemberSpec[] = wallets.map((w, i) => ({
    name: `Member ${i + 1}`,
    kind: i % 2,
    region: "Bench",
    operator: w.address,
  }));
  return { wallets, specs };
}

/**
 * Gas of closing a period of `memberCount` members that each paid a little. With `minIndexPermille`
 * the charter's contribution rule is set, so the close also computes every member's index and
 * records those below it (every member with an odd id pays nothing, so half are flagged).
 */
async function closeGas(memberCount: number, minIndexPermille = 0) {
  const [deployer] = await ethers.getSigners();
  const { wallets, specs } = await memberWallets(memberCount);
  const contracts = await bootstrapAlliance(deployer, specs);
  const { costLedger, registry } = contracts;
  const ids = specs.map((_, i) => i + 1);
  const base = Math.floor(10_000 / memberCount);
  const shares = ids.map((_, i) => (i === 0 ? 10_000 - base * (memberCount - 1) : base));
  // The deployer is a council of one: the charter's shares and rule are decided at once.
  await (await registry.proposeShares(0, ids, shares)).wait();
  if (minIndexPermille) await (await registry.proposeContributionRule(minIndexPermille, 0, 0)).wait();
  await (await costLedger.openPeriod("0x434e59", ids, shares)).wait();
  for (const [i, w] of wallets.entries()) {
    if (minIndexPermille && i % 2 === 0) continue;
    const { entryId, claim } = cashClaim(i + 1, `close-${memberCount}-${i}`, BigInt(1_000 + i * 7));
    await (await costLedger.connect(w).claimEntry(claim)).wait();
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
  await (
    await catalog.connect(host).publishCourse(encodeBytes32String("CS101"), {
      metadataHash: id("syllabus"),
      credits: 300,
      contactHours: 48,
      feePerCredit: 5_000n,
      term: 20261,
      seats: 60,
    })
  ).wait();
  await (await registry.proposeShares(0, [1, 2, 3], [4000, 3500, 2500])).wait();
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
    batchRoot: tree.root,
    attestation: attested[i],
    proof: tree.getProof(i),
    decision: 1,
    recognisedCredits: attested[i].credits,
    localCourseRef: ZeroHash,
    conversionRuleRef: ZeroHash,
    rejectReason: 0,
  });
  const proofDepth = tree.getProof(0).length;
  const recognize = (indexes: number[]) => gasOf(creditLedger.connect(home).recognize(indexes.map(request)));
  // The period's first decision. Record state is a nibble per record, 64 records to a slot.
  await recognize([0]);
  // Typical: record 1's word already holds record 0's decision (a non-zero slot is rewritten).
  const recognizeOne = await recognize([1]);
  // The first decision in an empty word (records 512-575): the slot goes from zero to non-zero.
  const recognizeOneFreshWord = await recognize([512]);
  // A term's decisions: 100 records of the batch under one multiproof (recognizeBatches), and for
  // comparison 100 others with a proof each (recognize).
  const multi = tree.getMultiProof(Array.from({ length: 100 }, (_, i) => 2 + i));
  const multiRows = multi.leaves.map((v) => attested[Number(v[5])]);
  const batch100 = await gasOf(
    creditLedger.connect(home).recognizeBatches([
      {
        root: tree.root,
        attestations: multiRows,
        decisions: multiRows.map((a) => ({
          decision: 1,
          recognisedCredits: a.credits,
          localCourseRef: ZeroHash,
          conversionRuleRef: ZeroHash,
          rejectReason: 0,
        })),
        proof: multi.proof,
        proofFlags: multi.proofFlags,
      },
    ]),
  );
  const batch100SingleProofs = await recognize(Array.from({ length: 100 }, (_, i) => 102 + i));
  const contractNames = new Map<string, string>(
    await Promise.all(
      (
        [
          ["registry", registry],
          ["catalog", catalog],
          ["costLedger", costLedger],
        ] as const
      ).map(async ([name, c]) => [(await c.getAddress()).toLowerCase(), name] as [string, string]),
    ),
  );
  for (const c of [registry, catalog, costLedger])
    c.interface.forEachFunction((f) => SELECTORS.set(f.selector, f.name));
  const oneBreakdown = await execBreakdown(recognizeOne.hash, contractNames);
  const freshBreakdown = await execBreakdown(recognizeOneFreshWord.hash, contractNames);
  const batchBreakdown = await execBreakdown(batch100.hash, contractNames, false);
  const perRecord = (g: number | bigint) => Math.round(Number(g) / 100);
  const batch100PerRecordItems: Record<string, number> = {
    "base 21,000 / 100": 210,
    calldata: perRecord(batch100.calldata),
    ...Object.fromEntries(Object.entries(batchBreakdown.items).map(([k, g]) => [k, perRecord(g)])),
  };

  // Claim + confirm of a cash contribution.
  const { entryId, claim } = cashClaim(2, "bench-claim", 1_000_000n);
  const claimGas = await gasOf(costLedger.connect(home).claimEntry(claim));
  const confirmGas = await gasOf(costLedger.confirmEntry(entryId));

  // A shared resource's use, start to finish: request + accept + deliver + confirm (the fee accrues into
  // the open period). The first use pays for fresh counters; the second is the typical one measured.
  const { resourceExchange } = contracts;
  await (
    await resourceExchange.connect(host).publishResource(1, ZeroHash, {
      unit: 0,
      pricePerUnit: 20_000n,
      capacity: 40,
      termsHash: id("lab terms"),
    })
  ).wait();
  const resourceUse = async (useId: number) => {
    const request = await gasOf(resourceExchange.connect(home).requestUse(1, 8, 20_697, 20_726, id(`intern ${useId}`)));
    const accept = await gasOf(resourceExchange.connect(host).acceptUse(useId, ZeroHash));
    const deliver = await gasOf(resourceExchange.connect(host).recordDelivery(useId, 8, id(`delivery ${useId}`)));
    const confirm = await gasOf(resourceExchange.connect(home).confirmUse(useId));
    return {
      request: Number(request.tx),
      accept: Number(accept.tx),
      deliver: Number(deliver.tx),
      confirm: Number(confirm.tx),
    };
  };
  await resourceUse(1);
  const resourceUseSteps = await resourceUse(2);

  const close20 = await closeGas(20);
  const close200 = await closeGas(200);
  const close20Rule = await closeGas(20, 800);

  const figures = {
    anchorPerAttestation,
    anchorTx,
    baselinePerAttestation,
    anchorRatioAt1024: Math.round((baselinePerAttestation / anchorPerAttestation[1024]) * 10) / 10,
    recognizeOne: Number(recognizeOne.exec),
    recognizeOneTx: Number(recognizeOne.tx),
    recognizeOneFreshWord: Number(recognizeOneFreshWord.exec),
    recognizeOneFreshWordTx: Number(recognizeOneFreshWord.tx),
    recognizeProofDepth: proofDepth,
    recognizeOneBreakdown: oneBreakdown.items,
    recognizeOneFreshWordSstore: freshBreakdown.items.SSTORE,
    recognizeBatch100Tx: Number(batch100.tx),
    recognizeBatch100PerRecord: Math.round(Number(batch100.tx) / 100),
    recognizeBatch100PerRecordBreakdown: batch100PerRecordItems,
    recognizeBatch100PerRecordSingleProofs: Math.round(Number(batch100SingleProofs.tx) / 100),
    claimContribution: Number(claimGas.tx),
    confirmContribution: Number(confirmGas.tx),
    claimPlusConfirm: Number(claimGas.tx + confirmGas.tx),
    resourceUsePerRecord: Object.values(resourceUseSteps).reduce((a, b) => a + b, 0),
    resourceUseSteps,
    closePeriod20: Number(close20.tx),
    closePeriod200: Number(close200.tx),
    closePeriod20WithContributionRule: Number(close20Rule.tx),
  };

  printTable("gas (exact; tx = receipt gasUsed, exec = minus 21,000 and calldata)", [
    ...BATCH_SIZES.map((n) => [
      `anchor batch of ${n}`,
      `${anchorTx[n]} tx`,
      `${anchorPerAttestation[n]} per attestation`,
    ]),
    ["baseline: one record per tx", `${baselinePerAttestation} tx`, `per attestation (mean of ${BASELINE_SAMPLE})`],
    ["anchoring vs baseline at 1,024", `${figures.anchorRatioAt1024}x less gas`, ""],
    [
      `recognize one (proof depth ${proofDepth}), its word already written`,
      `${figures.recognizeOne} exec`,
      `${figures.recognizeOneTx} tx`,
    ],
    [
      `recognize one (proof depth ${proofDepth}), first in an empty word`,
      `${figures.recognizeOneFreshWord} exec`,
      `${figures.recognizeOneFreshWordTx} tx`,
    ],
    [
      "recognize 100 in one tx (recognizeBatches: one multiproof)",
      `${figures.recognizeBatch100Tx} tx`,
      `${figures.recognizeBatch100PerRecord} per record`,
    ],
    [
      "recognize 100 in one tx (recognize: a proof each)",
      `${Number(batch100SingleProofs.tx)} tx`,
      `${figures.recognizeBatch100PerRecordSingleProofs} per record`,
    ],
    [
      "claim + confirm contribution",
      `${figures.claimPlusConfirm} tx`,
      `${figures.claimContribution} + ${figures.confirmContribution}`,
    ],
    [
      "resource use: request + accept + deliver + confirm",
      `${figures.resourceUsePerRecord} tx`,
      Object.values(resourceUseSteps).join(" + "),
    ],
    ["close period, 20 members", `${figures.closePeriod20} tx`, ""],
    ["close period, 200 members", `${figures.closePeriod200} tx`, ""],
    ["close period, 20 members, 10 below the minimum index", `${figures.closePeriod20WithContributionRule} tx`, ""],
  ]);
  printTable("recognize one, exec gas by where it goes (opcode trace)", [
    ["", "word written", "empty word"],
    ...Object.keys(oneBreakdown.items).map((k) => [
      k,
      String(oneBreakdown.items[k]),
      String(freshBreakdown.items[k] ?? ""),
    ]),
  ]);
  printTable(
    "recognize 100 in one tx, gas per record by where it goes (tx = base + calldata + exec)",
    Object.entries(batch100PerRecordItems).map(([k, g]) => [k, String(g)]),
  );
  printTable("recognize one, the external calls", [
    ["call", "gas", "SLOAD", "SSTORE", "access, dispatch, ABI"],
    ...oneBreakdown.calls.map((c) => [c.call, String(c.gas), String(c.sload), String(c.sstore), String(c.rest)]),
  ]);
  return { name: "gas", figures };
}
