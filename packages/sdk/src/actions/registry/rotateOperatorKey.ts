import type { AllianceClient } from "../../client/createAllianceClient.js";
import { sendTransaction } from "../sendTransaction.js";

export interface RotateOperatorKeyParameters {
  memberId: number;
  /** The key to add; omit to only remove. */
  add?: string;
  /** The key to retire; omit to only add. */
  remove?: string;
}
export type RotateOperatorKeyReturnType = { transactionHashes: string[] };

/**
 * Rotates a member's operator key: adds the new key first, then retires the old one, so the member is
 * never without a key. The old key's validity window stays on chain.
 */
export async function rotateOperatorKey(
  client: AllianceClient,
  p: RotateOperatorKeyParameters,
): Promise<RotateOperatorKeyReturnType> {
  const hashes: string[] = [];
  if (p.add) hashes.push((await sendTransaction(() => client.registry.addOperator(p.memberId, p.add!))).hash);
  if (p.remove) hashes.push((await sendTransaction(() => client.registry.removeOperator(p.memberId, p.remove!))).hash);
  return { transactionHashes: hashes };
}
