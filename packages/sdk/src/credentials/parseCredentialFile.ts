import { Ajv2020 } from "ajv/dist/2020.js";
import { createRequire } from "node:module";
import { BaseError } from "../errors/BaseError.js";
import type { Attestation } from "../attestations/attestation.js";
import type { CredentialFile } from "./credentialFile.js";

const require = createRequire(import.meta.url);
/** The published JSON Schema of credential files (version 2). */
export const credentialFileSchema = require("../../schemas/credential-file.schema.json") as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile<CredentialFile>(credentialFileSchema);
const validateAttestation = ajv.compile<Attestation>({
  $defs: (credentialFileSchema as { $defs: unknown }).$defs,
  ...(credentialFileSchema as { properties: { attestation: object } }).properties.attestation,
});

export class InvalidCredentialFileError extends BaseError {
  override name = "InvalidCredentialFileError";
  constructor(readonly problems: string[]) {
    super("This is not a valid Alliance Ledger credential file.", {
      details: problems,
      docsPath: "packages/sdk/schemas/credential-file.schema.json",
    });
  }
}

/**
 * Checks a parsed JSON value against the credential file schema.
 * @returns the problems, each with the JSON path it concerns; empty when valid.
 */
export function credentialFileProblems(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

/**
 * Checks a parsed JSON value is an attestation exactly as the credit ledger hashes it (integers in
 * range, commitments as bytes32), as in a credential file. A home school given as "2" hashes like 2 but
 * compares unequal to it, so what others send is checked with this before it is used.
 * @returns the problems, each with the JSON path it concerns; empty when valid.
 */
export function attestationProblems(value: unknown): string[] {
  if (validateAttestation(value)) return [];
  return (validateAttestation.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

/** Parses a credential file from text or a parsed value; throws {@link InvalidCredentialFileError}. */
export function parseCredentialFile(input: string | unknown): CredentialFile {
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new InvalidCredentialFileError([`not JSON: ${(error as Error).message}`]);
    }
  }
  const problems = credentialFileProblems(value);
  if (problems.length) throw new InvalidCredentialFileError(problems);
  return value as CredentialFile;
}
