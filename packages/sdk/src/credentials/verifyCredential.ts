import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Provider } from "ethers";
import {
  ATTESTATION_LEAF_TYPES,
  attestationLeafHash,
  attestationLeafValues,
  fieldCommitment,
  learnerCommitment,
} from "../attestations/attestation.js";
import { unpackRecognition } from "../actions/credits/recognitionEvent.js";
import {
  AllianceRegistry__factory,
  CourseCatalog__factory,
  CreditLedger__factory,
} from "../generated/typechain/index.js";
import type { CredentialFile } from "./credentialFile.js";
import { findLog, readLogsInRanges } from "../node/logRanges.js";
import { credentialFileProblems } from "./parseCredentialFile.js";

export type CheckName =
  | "format"
  | "disclosures"
  | "proof"
  | "deployment"
  | "network"
  | "anchored"
  | "issuerStanding"
  | "course"
  | "notRevoked"
  | "recognition";

/**
 * The alliance deployment a verifier trusts: its chain and its credit ledger's address, pinned from
 * the alliance's own deployment file (never taken from the credential, which anyone can write).
 */
export interface AllianceDeployment {
  chainId: number;
  creditLedger: string;
}

export interface CredentialCheck {
  name: CheckName;
  /** "info" reports a fact that does not decide validity (recognition); "skipped" follows a failure it depends on. */
  outcome: "pass" | "fail" | "info" | "skipped";
  reason: string;
}

/**
 * Answers a run of verifications may share: the node's chain, a batch, its issuer's standing, a course
 * version. Pass one (`new Map()`) to verify many credentials of the same batches, such as a home school
 * receiving a batch, and each is read once instead of once per credential. Keep it for one run only:
 * what it holds is as the node answered then.
 */
export type VerificationMemo = Map<string, Promise<unknown>>;

/**
 * What a verifier with an index of the chain already knows: when and why a record was revoked, and the
 * home school's decision. They only explain a result (validity comes from the contracts' state); given
 * them, the verifier reads no logs for them, so a revocation a year after anchoring costs nothing extra.
 * Undefined from either means "not known here": the logs are read.
 */
export interface VerificationFacts {
  revocation?(record: RecordPosition): Promise<{ reasonCode: number; blockNumber?: number } | undefined>;
  recognition?(record: RecordPosition): Promise<{ decision: number; recognisedCredits: number } | undefined>;
}
export interface RecordPosition {
  issuerId: number;
  root: string;
  index: number;
  leaf: string;
}

export type RecognitionStatus = "pending" | "recognised" | "recognisedWithConversion" | "rejected";

export interface VerifyCredentialReturnType {
  /** True when every deciding check passed. */
  valid: boolean;
  leaf?: string;
  checks: CredentialCheck[];
  recognition?: { status: RecognitionStatus; recognisedCredits: number };
  /** Set when the issuer superseded this record with a correction. */
  supersededBy?: string;
}

const STATUS = ["none", "pending", "active", "suspended", "withdrawn"] as const;
const DECISIONS: RecognitionStatus[] = ["pending", "recognised", "recognisedWithConversion", "rejected"];
const ON_CHAIN: CheckName[] = [
  "deployment",
  "network",
  "anchored",
  "issuerStanding",
  "course",
  "notRevoked",
  "recognition",
];
const ZERO = `0x${"00".repeat(32)}`;

/**
 * Verifies a credential file against a chain node and the alliance's pinned deployment: format,
 * disclosed fields against their commitments, Merkle proof, issued on this alliance's ledger (a file
 * naming any other contract fails: a look-alike deployment proves nothing), batch anchored by the named
 * issuer, issuer an active member when it anchored (recomputed from the registry's events, not taken
 * from the gateway), course version hosted by the issuer with at least the attested credits, not
 * revoked, and the home school's recognition decision. Only read calls to `provider` are made: the
 * issuer's systems are never contacted, so the issuer cannot learn who verifies.
 *
 * @example const result = await verifyCredential(parseCredentialFile(text), provider, { chainId, creditLedger }); result.checks.forEach(...)
 */
export async function verifyCredential(
  file: CredentialFile,
  provider: Provider,
  alliance: AllianceDeployment,
  options: { memo?: VerificationMemo; facts?: VerificationFacts } = {},
): Promise<VerifyCredentialReturnType> {
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const memo = options.memo;
    if (!memo) return read();
    const kept = memo.get(key);
    if (kept) return kept as Promise<T>;
    const reading = read();
    // A memo may keep only some keys (see finalFactsMemo); a failed read is asked again next time.
    memo.set(key, reading);
    reading.catch(() => memo.delete(key));
    return reading;
  };
  const checks: CredentialCheck[] = [];
  const result = (): VerifyCredentialReturnType => ({
    valid: checks.every((c) => c.outcome === "pass" || c.outcome === "info"),
    checks,
  });
  const skipRest = (from: CheckName[]) => {
    for (const name of from) checks.push({ name, outcome: "skipped", reason: "an earlier check failed" });
  };

  // Offline checks first: they need no node.
  const problems = credentialFileProblems(file);
  if (problems.length) {
    checks.push({ name: "format", outcome: "fail", reason: problems.join("; ") });
    skipRest(["disclosures", "proof", ...ON_CHAIN]);
    return result();
  }
  checks.push({ name: "format", outcome: "pass", reason: `credential file v${file.version}` });

  const a = file.attestation;
  const d = file.disclosures;
  const mismatched: string[] = [];
  if (d.learner && learnerCommitment(d.learner.salt, a.homeId, d.learner.value) !== a.learnerCommitment)
    mismatched.push("learner");
  if (d.grade && fieldCommitment(d.grade.salt, d.grade.value) !== a.gradeCommitment) mismatched.push("grade");
  if (d.completionDate && fieldCommitment(d.completionDate.salt, d.completionDate.value) !== a.completionCommitment)
    mismatched.push("completionDate");
  const shown = Object.keys(d);
  checks.push(
    mismatched.length
      ? {
          name: "disclosures",
          outcome: "fail",
          reason: `disclosed ${mismatched.join(", ")} do not match the attested commitments`,
        }
      : {
          name: "disclosures",
          outcome: "pass",
          reason: shown.length ? `disclosed: ${shown.join(", ")}` : "nothing disclosed",
        },
  );

  const leaf = attestationLeafHash(a);
  const proofOk = StandardMerkleTree.verify(
    file.batchRoot,
    [...ATTESTATION_LEAF_TYPES],
    attestationLeafValues(a),
    file.proof,
  );
  checks.push(
    proofOk
      ? { name: "proof", outcome: "pass", reason: `leaf ${leaf} is in batch ${file.batchRoot}` }
      : {
          name: "proof",
          outcome: "fail",
          reason: "the attestation fields and proof do not lead to the batch root (a field was altered)",
        },
  );
  if (!proofOk) {
    skipRest(ON_CHAIN);
    return { ...result(), leaf };
  }

  // Pinned deployment: the file must name this alliance's ledger, and only that ledger is asked.
  if (file.chainId !== alliance.chainId || file.creditLedger.toLowerCase() !== alliance.creditLedger.toLowerCase()) {
    checks.push({
      name: "deployment",
      outcome: "fail",
      reason: `not issued on this alliance's ledger: the file names ${file.creditLedger} on chain ${file.chainId}; this alliance's credit ledger is ${alliance.creditLedger} on chain ${alliance.chainId}`,
    });
    skipRest(ON_CHAIN.slice(1));
    return { ...result(), leaf };
  }
  checks.push({
    name: "deployment",
    outcome: "pass",
    reason: `issued on this alliance's ledger ${alliance.creditLedger}`,
  });

  const { chainId, code } = await once(`network:${alliance.creditLedger}`, async () => ({
    chainId: (await provider.getNetwork()).chainId,
    code: await provider.getCode(alliance.creditLedger),
  }));
  if (Number(chainId) !== alliance.chainId || code === "0x") {
    checks.push({
      name: "network",
      outcome: "fail",
      reason:
        Number(chainId) !== alliance.chainId
          ? `the node is on chain ${chainId}, the alliance on chain ${alliance.chainId}`
          : `the node has no contract at ${alliance.creditLedger}`,
    });
    skipRest(ON_CHAIN.slice(2));
    return { ...result(), leaf };
  }
  checks.push({ name: "network", outcome: "pass", reason: `chain ${chainId}` });

  const ledger = CreditLedger__factory.connect(alliance.creditLedger, provider);
  const [batch, status, replacement, [registryAddress, catalogAddress]] = await Promise.all([
    once(`batch:${a.issuerId}:${file.batchRoot}`, () =>
      ledger.batch(a.issuerId, file.batchRoot).catch(() => undefined),
    ),
    ledger.recordStatus(a.issuerId, file.batchRoot, a.index),
    ledger.supersededBy(leaf),
    once("contracts", () => Promise.all([ledger.registry(), ledger.catalog()])),
  ]);
  if (!batch || a.index >= Number(batch.count)) {
    checks.push({
      name: "anchored",
      outcome: "fail",
      reason: batch
        ? `record index ${a.index} is beyond the batch's ${batch.count} records`
        : `member ${a.issuerId} never anchored this batch root`,
    });
    skipRest(ON_CHAIN.slice(3));
    return { ...result(), leaf };
  }
  const anchoredAt = Number(batch.anchoredAtBlock);
  checks.push({ name: "anchored", outcome: "pass", reason: `anchored by member ${a.issuerId} at block ${anchoredAt}` });

  const standing = await once(`standing:${a.issuerId}:${file.batchRoot}`, () =>
    issuerStatusAt(provider, registryAddress, ledger, file.batchRoot, a.issuerId, anchoredAt),
  );
  checks.push(
    standing.active
      ? {
          name: "issuerStanding",
          outcome: "pass",
          reason: `member ${a.issuerId} was active when it anchored, by key ${standing.key}`,
        }
      : { name: "issuerStanding", outcome: "fail", reason: standing.reason },
  );

  const catalog = CourseCatalog__factory.connect(catalogAddress, provider);
  const terms = await once(`course:${a.courseId}:${a.courseVersion}`, () =>
    catalog.versionTerms(a.courseId, a.courseVersion).catch(() => undefined),
  );
  checks.push(courseCheck(terms, a));

  const superseded = replacement !== ZERO ? replacement : undefined;
  const position = { issuerId: a.issuerId, root: file.batchRoot, index: a.index, leaf };
  if (status.revoked) {
    const revokedFilter = ledger.filters.AttestationRevoked(leaf, file.batchRoot, a.issuerId);
    const revocation =
      (await options.facts?.revocation?.(position)) ??
      (await findLog(
        (from, to) => ledger.queryFilter(revokedFilter, from, to),
        anchoredAt,
        await provider.getBlockNumber(),
      ).then((log) => log && { blockNumber: log.blockNumber, reasonCode: Number(log.args.reasonCode) }));
    const when = revocation?.blockNumber === undefined ? "" : ` at block ${revocation.blockNumber}`;
    checks.push({
      name: "notRevoked",
      outcome: "fail",
      reason: `revoked${revocation ? `${when} with reason code ${revocation.reasonCode}` : ""}${superseded ? `; superseded by ${superseded}` : ""}`,
    });
  } else {
    checks.push({ name: "notRevoked", outcome: "pass", reason: "not revoked" });
  }

  let recognition = { status: "pending" as RecognitionStatus, recognisedCredits: 0 };
  if (status.decided) {
    const decidedFilter = ledger.filters.RecognitionDecided(leaf, a.homeId, a.issuerId);
    const decided =
      (await options.facts?.recognition?.(position)) ??
      (await findLog(
        async (from, to) =>
          (
            await ledger.queryFilter(decidedFilter, from, to)
          ).map((l) => ({
            root: l.args.batchRoot,
            ...unpackRecognition(l.args.packed),
          })),
        anchoredAt,
        await provider.getBlockNumber(),
        (l) => l.root === file.batchRoot && l.index === a.index,
      ));
    if (decided) recognition = { status: DECISIONS[decided.decision], recognisedCredits: decided.recognisedCredits };
  }
  checks.push({
    name: "recognition",
    outcome: "info",
    reason:
      recognition.status === "pending"
        ? `member ${a.homeId} has not decided yet`
        : `member ${a.homeId}: ${recognition.status}, ${recognition.recognisedCredits / 100} credits`,
  });
  return { ...result(), leaf, recognition, supersededBy: superseded };
}

/** The course version exists, is hosted by the issuer, and awards at least the attested credits. */
function courseCheck(
  terms: { hostMemberId: bigint; credits: bigint } | undefined,
  a: CredentialFile["attestation"],
): CredentialCheck {
  if (!terms)
    return {
      name: "course",
      outcome: "fail",
      reason: `course ${a.courseId} has no version ${a.courseVersion} in the catalogue`,
    };
  if (Number(terms.hostMemberId) !== a.issuerId) {
    return {
      name: "course",
      outcome: "fail",
      reason: `course ${a.courseId} is hosted by member ${terms.hostMemberId}, not by the issuer ${a.issuerId}`,
    };
  }
  if (a.credits > Number(terms.credits)) {
    return {
      name: "course",
      outcome: "fail",
      reason: `${a.credits / 100} credits attested; version ${a.courseVersion} of course ${a.courseId} awards ${Number(terms.credits) / 100}`,
    };
  }
  return {
    name: "course",
    outcome: "pass",
    reason: `course ${a.courseId} version ${a.courseVersion}, hosted by the issuer, awards ${Number(terms.credits) / 100} credits`,
  };
}

/**
 * The issuer's status at the moment its batch was anchored, and the anchoring key's validity for that
 * member at that block. The registry's current status holds if it last changed before the anchoring
 * block; otherwise the member's MemberStatusChanged events from its registration up to the anchoring
 * transaction are replayed (read in ranges: nodes cap a log query's span).
 */
async function issuerStatusAt(
  provider: Provider,
  registryAddress: string,
  ledger: ReturnType<typeof CreditLedger__factory.connect>,
  root: string,
  issuerId: number,
  anchoredAt: number,
): Promise<{ active: true; key: string } | { active: false; reason: string }> {
  const registry = AllianceRegistry__factory.connect(registryAddress, provider);
  const [anchorLogs, member] = await Promise.all([
    ledger.queryFilter(ledger.filters.BatchAnchored(root, issuerId), anchoredAt, anchoredAt),
    registry.member(issuerId),
  ]);
  const anchorLog = anchorLogs[0];
  if (!anchorLog) return { active: false, reason: "the node has no BatchAnchored event for this batch" };
  let status = Number(member.status);
  // Changed since (or in) the anchoring block: replay its changes from registration up to the anchoring.
  if (Number(member.statusChangedAtBlock) >= anchoredAt) {
    const filter = registry.filters.MemberStatusChanged(issuerId);
    const statusLogs = await readLogsInRanges(
      (from, to) => registry.queryFilter(filter, from, to),
      Number(member.registeredAtBlock),
      anchoredAt,
    );
    status = 1; // registered as Pending
    for (const log of statusLogs) {
      const before =
        log.blockNumber < anchorLog.blockNumber ||
        (log.blockNumber === anchorLog.blockNumber && log.index < anchorLog.index);
      if (before) status = Number(log.args.to);
    }
  }
  if (status !== 2)
    return { active: false, reason: `member ${issuerId} was ${STATUS[status]} when the batch was anchored` };
  const key = anchorLog.args.anchoredBy as string;
  if (!(await registry.wasOperatorAt(key, issuerId, anchoredAt))) {
    return { active: false, reason: `key ${key} was not an operator of member ${issuerId} at block ${anchoredAt}` };
  }
  return { active: true, key };
}

/**
 * A memo a long-running verifier (a gateway answering the public) can keep across requests: it holds
 * only what never changes once read, the issuer's standing when it anchored a batch and the contracts'
 * addresses, and at most `maxEntries` of them (the oldest go first).
 */
export function finalFactsMemo(maxEntries = 10_000): VerificationMemo {
  return new FinalFactsMemo(maxEntries);
}

class FinalFactsMemo extends Map<string, Promise<unknown>> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: string, value: Promise<unknown>): this {
    // A batch not anchored yet, a course version not published yet: answers that may change are not kept.
    if (!key.startsWith("standing:") && key !== "contracts") return this;
    super.set(key, value);
    if (this.size > this.maxEntries) this.delete(this.keys().next().value!);
    return this;
  }
}
