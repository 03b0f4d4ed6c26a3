import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { DidDocument } from "./documentLoader.js";
import { issuerKeyFingerprint } from "./issuerKey.js";

/**
 * A member's did:web document checked against the ledger: each key's fingerprint must have been
 * published on chain by that member. A key the member never published means the document was not the
 * school's to give, whoever serves it.
 */
export async function checkIssuerKeysOnChain(reader: AllianceClient, memberId: number, document: DidDocument) {
  return Promise.all(
    document.verificationMethod.map(async (method) => {
      const fingerprint = issuerKeyFingerprint(method.publicKeyMultibase);
      const publishedAtBlock = Number(await reader.registry.issuerKeyPublishedAt(memberId, fingerprint));
      return { id: method.id, fingerprint, onChain: publishedAtBlock !== 0, publishedAtBlock };
    }),
  );
}
