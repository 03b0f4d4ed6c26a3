import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export interface PublishIssuerKeyParameters {
  memberId: number;
  /** `issuerKeyFingerprint(publicKeyMultibase)` of the key the member signs credentials with. */
  fingerprint: string;
}
export type PublishIssuerKeyReturnType = { transactionHash: string };
export type PublishIssuerKeyErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "RegistryUnknownMember"
      | "RegistryNotOperatorOf"
      | "RegistryZeroFingerprint"
      | "RegistryIssuerKeyAlreadyPublished"
    >
  | BaseError;

/**
 * A member publishes the fingerprint of a credential-signing key on chain, so a verifier can check the
 * member's did:web document against the ledger. Append-only: older keys stay published.
 *
 * @param client - A current key of the member.
 * @example
 * await publishIssuerKey(member, { memberId: 1, fingerprint: issuerKeyFingerprint(key.publicKeyMultibase) });
 */
export async function publishIssuerKey(
  client: AllianceClient,
  parameters: PublishIssuerKeyParameters,
): Promise<PublishIssuerKeyReturnType> {
  const { memberId, fingerprint } = parameters;
  const tx = await sendTransaction(() => client.registry.publishIssuerKey(memberId, fingerprint));
  return { transactionHash: tx.hash };
}

/** The fingerprints a member published, oldest first (with the block each was published in). */
export async function listIssuerKeys(client: AllianceClient, memberId: number) {
  return (await client.registry.issuerKeys(memberId)).map((k) => ({
    fingerprint: k.fingerprint,
    publishedAtBlock: Number(k.publishedAtBlock),
  }));
}
