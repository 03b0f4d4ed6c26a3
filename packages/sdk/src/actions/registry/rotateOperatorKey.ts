import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export interface RotateOperatorKeyParameters {
  memberId: number;
  /** The key to add; omit to only remove. */
  add?: string;
  /** The key to retire; omit to only add. */
  remove?: string;
}
export type RotateOperatorKeyReturnType = { transactionHashes: string[] };
export type RotateOperatorKeyErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "RegistryUnknownMember"
      | "RegistryNotOperatorOf"
      | "RegistryLastOperator"
      | "RegistryZeroAddress"
      | "RegistryOperatorAlreadyUsed"
    >
  | BaseError;

/**
 * A member rotates its operator key: adds the new key first, then retires the old one, so the member is
 * never without a key. The old key's validity window stays on chain. A lost key is recovered by the
 * council instead (`proposeDecision` with `RecoverKey`).
 *
 * @param client - A current key of the member.
 * @param parameters - The member, the key to add and the key to retire.
 * @returns One transaction per change, in order.
 * @example
 * await rotateOperatorKey(member, { memberId: 2, add: newKey, remove: oldKey });
 */
export async function rotateOperatorKey(
  client: AllianceClient,
  parameters: RotateOperatorKeyParameters,
): Promise<RotateOperatorKeyReturnType> {
  const { memberId, add, remove } = parameters;
  const hashes: string[] = [];
  if (add) hashes.push((await sendTransaction(() => client.registry.addOperator(memberId, add))).hash);
  if (remove) hashes.push((await sendTransaction(() => client.registry.removeOperator(memberId, remove))).hash);
  return { transactionHashes: hashes };
}
