import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { id, JsonRpcProvider } from "ethers";
import { fieldCommitment, learnerCommitment, type Attestation } from "../../attestations/attestation.js";
import {
  type AllianceAddresses,
  type AllianceClient,
  createAllianceClient,
} from "../../client/createAllianceClient.js";
import { bootstrapAlliance } from "../../deploy/bootstrapAlliance.js";
import { deployAlliance } from "../../deploy/deployAlliance.js";
import {
  AllianceForwarder__factory,
  AllianceRegistry__factory,
  CostLedger__factory,
  CourseCatalog__factory,
  CreditLedger__factory,
} from "../../generated/typechain/index.js";
import { snapshotAnvilState } from "../../node/anvilStateSnapshots.js";
import { anvilBinaryPath, startAnvil } from "../../node/startAnvil.js";
import { devWallet, type LocalAlliance, startLocalAlliance } from "../../testing/startLocalAlliance.js";
import { publishCourse } from "../catalog/publishCourse.js";
import { claimEntry } from "../costs/claimEntry.js";
import { closePeriod } from "../costs/closePeriod.js";
import { confirmEntry } from "../costs/confirmEntry.js";
import { openDecidedPeriod } from "../../testing/openDecidedPeriod.js";

const MEMBERS = 3;

/**
 * The chain an action's test file runs on: one local alliance of three active members (ids 1-3) and a
 * secretariat key holding every role, council quorum 1, as `startLocalAlliance(3)` makes it. One per
 * test file, started in its `beforeAll`.
 *
 * Thirty-odd test files each deploying the alliance would spend most of their time deploying, so the
 * first file to need it deploys once and dumps the chain's state to a file in the system's temporary
 * folder; every file then starts its own anvil from that state (tens of milliseconds). The file's name
 * is a hash of what shapes the state (the contracts' bytecode, the bootstrap code, the anvil binary),
 * so a change to any of them deploys afresh.
 */
export async function startActionsAlliance(): Promise<LocalAlliance> {
  const { stateFile, addresses } = await bootstrappedState();
  const node = await startAnvil({ accounts: MEMBERS + 2, loadStateFile: stateFile });
  // The same provider options as startLocalAlliance: no request batching, a 50 ms receipt poll.
  const provider = new JsonRpcProvider(node.url, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 1,
    pollingInterval: 50,
  });
  // The saved state's newest block is as old as the file (which outlives test runs): mine one now, so chain
  // time is today's and deadlines taken from the latest block (a forward request's) are not already past.
  await provider.send("evm_mine", []);
  const client = (index: number) => createAllianceClient({ runner: devWallet(index, provider), addresses });
  return {
    node,
    provider,
    secretariat: client(0),
    members: Array.from({ length: MEMBERS }, (_, i) => client(i + 1)),
    outsider: client(MEMBERS + 1),
    reader: createAllianceClient({ runner: provider, addresses }),
    async stop() {
      await provider.removeAllListeners();
      provider.destroy();
      await node.stop();
    },
  };
}

/** The bootstrapped chain's state file and addresses, deployed and dumped by the first caller. */
async function bootstrappedState(): Promise<{ stateFile: string; addresses: AllianceAddresses }> {
  const hash = createHash("sha256");
  for (const factory of [
    AllianceRegistry__factory,
    CourseCatalog__factory,
    CreditLedger__factory,
    CostLedger__factory,
    AllianceForwarder__factory,
  ])
    hash.update(factory.bytecode);
  hash.update(`${bootstrapAlliance}${deployAlliance}${startLocalAlliance}${anvilBinaryPath()}${MEMBERS}`);
  const dir = join(tmpdir(), "alliance-ledger-sdk-tests");
  const base = join(dir, `alliance-${hash.digest("hex").slice(0, 16)}`);
  const stateFile = `${base}.state.json`;
  const addressesFile = `${base}.addresses.json`;
  // The state file is renamed into place last, so its presence means both files are whole.
  const cached = await readFile(stateFile, "utf8").then(
    () => readFile(addressesFile, "utf8"),
    () => undefined,
  );
  if (cached) return { stateFile, addresses: JSON.parse(cached) as AllianceAddresses };

  await mkdir(dir, { recursive: true });
  const alliance = await startLocalAlliance(MEMBERS);
  try {
    // Per-process names, then renames: test files run in parallel workers and may race to write.
    const own = `${base}.${process.pid}`;
    await writeFile(`${own}.addresses.json`, JSON.stringify(alliance.reader.addresses));
    await rename(`${own}.addresses.json`, addressesFile);
    await snapshotAnvilState(alliance.provider, `${own}.state.json`);
    await rm(`${own}.state.json.prev`, { force: true });
    await rename(`${own}.state.json`, stateFile);
    return { stateFile, addresses: alliance.reader.addresses };
  } finally {
    await alliance.stop();
  }
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
  return (await openDecidedPeriod(alliance.secretariat, { currency: "CNY", shares })).periodId;
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
