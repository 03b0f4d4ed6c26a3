import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { Attestation } from "../../attestations/attestation.js";
import { sendTransaction } from "../sendTransaction.js";

export type AnchorBatchReturnType = { root: string; count: number; blockNumber: number; transactionHash: string };

/**
 * The issuer anchors a batch of attestations as one Merkle root.
 *
 * @example const tree = buildAttestationTree(rows); await anchorBatch(issuer, { root: tree.root, count: rows.length });
 */
export async function anchorBatch(
  client: AllianceClient,
  p: { root: string; count: number },
): Promise<AnchorBatchReturnType> {
  const receipt = await sendTransaction(() => client.creditLedger.anchorBatch(p.root, p.count));
  return { root: p.root, count: p.count, blockNumber: receipt.blockNumber, transactionHash: receipt.hash };
}

/** The issuer anchors one attestation on its own (its leaf is its root; the proof is empty). */
export async function anchorAttestation(
  client: AllianceClient,
  p: { attestation: Attestation },
): Promise<AnchorBatchReturnType> {
  const receipt = await sendTransaction(() => client.creditLedger.anchorAttestation(p.attestation));
  const root = await client.creditLedger.attestationLeaf(p.attestation);
  return { root, count: 1, blockNumber: receipt.blockNumber, transactionHash: receipt.hash };
}
