import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Provider } from "ethers";
import { ATTESTATION_LEAF_TYPES, attestationLeafHash, attestationLeafValues, fieldCommitment, learnerCommitment } from "../attestations/attestation.js";
import { AllianceRegistry__factory, CreditLedger__factory } from "../generated/typechain/index.js";
import type { CredentialFile } from "./credentialFile.js";
import { credentialFileProblems } from "./parseCredentialFile.js";

export type CheckName =
  | "format"
  | "disclosures"
  | "proof"
  | "network"
  | "anchored"
  | "issuerStanding"
  | "notRevoked"
  | "recognition";

export interface CredentialCheck {
  name: CheckName;
  /** "info" reports a fact that does not decide validity (recognition); "skipped" follows a failure it depends on. */
  outcome: "pass" | "fail" | "info" | "skipped";
  reason: string;
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

/**
 * Verifies a credential file against a chain node, from the file alone: format, disclosed fields
 * against their commitments, Merkle proof, batch anchored on this chain by the named issuer, issuer an
 * active member when it anchored (recomputed from the registry's events, not taken from the gateway),
 * not revoked, and the home school's recognition decision. Only read calls to `provider` are made: the
 * issuer's systems are never contacted, so the issuer cannot learn who verifies.
 *
 * @example const result = await verifyCredential(parseCredentialFile(text), provider); result.checks.forEach(...)
 */
export async function verifyCredential(file: CredentialFile, provider: Provider): Promise<VerifyCredentialReturnType> {
  const checks: CredentialCheck[] = [];
  const result = (): VerifyCredentialReturnType => ({
    valid: checks.every((c) => c.outcome === "pass" || c.outcome === "info"),
    checks,
  });
  const skipRest = (from: CheckName[]) => from.forEach((name) => checks.push({ name, outcome: "skipped", reason: "an earlier check failed" }));

  // Offline checks first: they need no node.
  const problems = credentialFileProblems(file);
  if (problems.length) {
    checks.push({ name: "format", outcome: "fail", reason: problems.join("; ") });
    skipRest(["disclosures", "proof", "network", "anchored", "issuerStanding", "notRevoked", "recognition"]);
    return result();
  }
  checks.push({ name: "format", outcome: "pass", reason: `credential file v${file.version}` });

  const a = file.attestation;
  const d = file.disclosures;
  const mismatched: string[] = [];
  if (d.learner && learnerCommitment(d.learner.salt, a.homeId, d.learner.value) !== a.learnerCommitment) mismatched.push("learner");
  if (d.grade && fieldCommitment(d.grade.salt, d.grade.value) !== a.gradeCommitment) mismatched.push("grade");
  if (d.completionDate && fieldCommitment(d.completionDate.salt, d.completionDate.value) !== a.completionCommitment) mismatched.push("completionDate");
  const shown = Object.keys(d);
  checks.push(
    mismatched.length
      ? { name: "disclosures", outcome: "fail", reason: `disclosed ${mismatched.join(", ")} do not match the attested commitments` }
      : { name: "disclosures", outcome: "pass", reason: shown.length ? `disclosed: ${shown.join(", ")}` : "nothing disclosed" },
  );

  const leaf = attestationLeafHash(a);
  const proofOk = StandardMerkleTree.verify(file.batchRoot, [...ATTESTATION_LEAF_TYPES], attestationLeafValues(a), file.proof);
  checks.push(
    proofOk
      ? { name: "proof", outcome: "pass", reason: `leaf ${leaf} is in batch ${file.batchRoot}` }
      : { name: "proof", outcome: "fail", reason: "the attestation fields and proof do not lead to the batch root (a field was altered)" },
  );
  if (!proofOk) {
    skipRest(["network", "anchored", "issuerStanding", "notRevoked", "recognition"]);
    return { ...result(), leaf };
  }

  // On-chain checks.
  const { chainId } = await provider.getNetwork();
  const code = await provider.getCode(file.creditLedger);
  if (Number(chainId) !== file.chainId || code === "0x") {
    checks.push({
      name: "network",
      outcome: "fail",
      reason: Number(chainId) !== file.chainId ? `the node is on chain ${chainId}, the credential names chain ${file.chainId}` : `no contract at ${file.creditLedger}`,
    });
    skipRest(["anchored", "issuerStanding", "notRevoked", "recognition"]);
    return { ...result(), leaf };
  }
  checks.push({ name: "network", outcome: "pass", reason: `chain ${chainId}, credit ledger ${file.creditLedger}` });

  const ledger = CreditLedger__factory.connect(file.creditLedger, provider);
  const [batch, state, replacement, registryAddress] = await Promise.all([
    ledger.batch(file.batchRoot).catch(() => undefined),
    ledger.leafState(leaf),
    ledger.supersededBy(leaf),
    ledger.registry(),
  ]);
  if (!batch || Number(batch.issuerId) !== a.issuerId) {
    checks.push({
      name: "anchored",
      outcome: "fail",
      reason: batch ? `batch was anchored by member ${batch.issuerId}, the attestation names ${a.issuerId}` : "the batch root was never anchored",
    });
    skipRest(["issuerStanding", "notRevoked", "recognition"]);
    return { ...result(), leaf };
  }
  const anchoredAt = Number(batch.anchoredAtBlock);
  checks.push({ name: "anchored", outcome: "pass", reason: `anchored by member ${a.issuerId} at block ${anchoredAt}` });

  const standing = await issuerStatusAt(provider, registryAddress, ledger, file.batchRoot, a.issuerId, anchoredAt);
  checks.push(
    standing.active
      ? { name: "issuerStanding", outcome: "pass", reason: `member ${a.issuerId} was active when it anchored, by key ${standing.key}` }
      : { name: "issuerStanding", outcome: "fail", reason: standing.reason },
  );

  const revokedReason = Number(state.revocationReason);
  const superseded = replacement !== "0x" + "00".repeat(32) ? replacement : undefined;
  checks.push(
    revokedReason === 0
      ? { name: "notRevoked", outcome: "pass", reason: "not revoked" }
      : {
          name: "notRevoked",
          outcome: "fail",
          reason: `revoked at block ${state.revokedAtBlock} with reason code ${revokedReason}${superseded ? `; superseded by ${superseded}` : ""}`,
        },
  );

  const status = DECISIONS[Number(state.decision)];
  const recognisedCredits = Number(state.recognisedCredits);
  checks.push({
    name: "recognition",
    outcome: "info",
    reason: status === "pending" ? `member ${a.homeId} has not decided yet` : `member ${a.homeId}: ${status}, ${recognisedCredits / 100} credits`,
  });
  return { ...result(), leaf, recognition: { status, recognisedCredits }, supersededBy: superseded };
}

/**
 * The issuer's status at the moment its batch was anchored, replayed from the registry's
 * MemberStatusChanged events up to and including the anchoring transaction, and the anchoring key's
 * validity for that member at that block.
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
  const [anchorLogs, statusLogs] = await Promise.all([
    ledger.queryFilter(ledger.filters.BatchAnchored(root), anchoredAt, anchoredAt),
    registry.queryFilter(registry.filters.MemberStatusChanged(issuerId), 0, anchoredAt),
  ]);
  const anchorLog = anchorLogs[0];
  if (!anchorLog) return { active: false, reason: "the node has no BatchAnchored event for this batch" };
  let status = 1; // registered as Pending
  for (const log of statusLogs) {
    const before = log.blockNumber < anchorLog.blockNumber || (log.blockNumber === anchorLog.blockNumber && log.index < anchorLog.index);
    if (before) status = Number(log.args.to);
  }
  if (status !== 2) return { active: false, reason: `member ${issuerId} was ${STATUS[status]} when the batch was anchored` };
  const key = anchorLog.args.anchoredBy as string;
  if (!(await registry.wasOperatorAt(key, issuerId, anchoredAt))) {
    return { active: false, reason: `key ${key} was not an operator of member ${issuerId} at block ${anchoredAt}` };
  }
  return { active: true, key };
}
