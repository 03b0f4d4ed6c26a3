import type { AllianceClient } from "@alliance-ledger/sdk";
import { DomainError } from "../errors.js";

/** Member id under which the secretariat's custodial key is kept. */
export const SECRETARIAT_SIGNER = 0;

/** The custodial signing client for `id`, or a 409 telling the caller to sign with the SDK itself. */
export function custodialSigner(signers: Map<number, AllianceClient>, id: number): AllianceClient {
  const signer = signers.get(id);
  if (!signer) {
    const who = id === SECRETARIAT_SIGNER ? "the secretariat" : "your school";
    throw new DomainError("no_custodial_key", `The gateway holds no key for ${who}: sign this yourself with the SDK.`);
  }
  return signer;
}

/** The custodial key a caller signs with: the secretariat's for a secretariat key, otherwise its school's. */
export function actingSigner(
  signers: Map<number, AllianceClient>,
  apiKey: { role: string; memberId: number | null },
): AllianceClient {
  return custodialSigner(signers, apiKey.role === "secretariat" ? SECRETARIAT_SIGNER : apiKey.memberId!);
}
