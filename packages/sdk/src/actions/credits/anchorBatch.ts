import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export type AnchorBatchParameters = {
  /** The batch's Merkle root (`buildAttestationTree(rows).root`). */
  root: string;
  /** How many records the batch holds; a proof of a record at or past it is refused. */
  count: number;
};
export type AnchorBatchReturnType = { root: string; count: number; blockNumber: number; transactionHash: string };
export type AnchorBatchErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<"CreditLedgerEmptyBatch" | "CreditLedgerZeroRoot" | "CreditLedgerBatchExists">
  | BaseError;

/**
 * The issuer anchors a batch of attestations as one Merkle root.
 *
 * @param client - A current key of the issuing member.
 * @param parameters - The batch's root and record count.
 * @returns The root and count anchored, the block and the transaction.
 * @example
 * const tree = buildAttestationTree(rows);
 * await anchorBatch(issuer, { root: tree.root, count: rows.length });
 */
export async function anchorBatch(
  client: AllianceClient,
  parameters: AnchorBatchParameters,
): Promise<AnchorBatchReturnType> {
  const { root, count } = parameters;
  const receipt = await sendTransaction(() => client.creditLedger.anchorBatch(root, count));
  return { root, count, blockNumber: receipt.blockNumber, transactionHash: receipt.hash };
}
