import { type CredentialFile, credentialFileProblems, verifyCredential } from "@alliance-ledger/sdk";
import type { Provider } from "ethers";
import { DomainError } from "../../errors.js";
import { hundredthsToCredits } from "../../validators.js";

/** `body` as a credential file, or 400 `invalid_credential_file` naming each problem. */
export function credentialFileOf(body: unknown): CredentialFile {
  const problems = credentialFileProblems(body);
  if (problems.length) {
    throw new DomainError(
      "invalid_credential_file",
      "This is not an Alliance Ledger credential file.",
      problems.map((p) => {
        const [field, ...message] = p.split(" ");
        return { field, message: message.join(" ") };
      }),
    );
  }
  return body as CredentialFile;
}

/**
 * Every check of `file` against the chain. The gateway's own deployment is pinned (the addresses it is
 * configured with): a file naming any other ledger fails "deployment", however consistent it is.
 */
export async function verifyCredentialFile(deps: { provider: Provider; creditLedger: string }, file: CredentialFile) {
  const chainId = Number((await deps.provider.getNetwork()).chainId);
  const verified = await verifyCredential(file, deps.provider, { chainId, creditLedger: deps.creditLedger });
  return verified.recognition
    ? {
        ...verified,
        recognition: {
          ...verified.recognition,
          recognisedCredits: hundredthsToCredits(verified.recognition.recognisedCredits),
        },
      }
    : verified;
}
