/**
 * What a home school's gateway found wrong with a batch it received, as data: the console words each kind
 * in the reader's language, and the audit and the CLI read the English sentence made from it.
 */
export type InboundFinding =
  /** The manifest is not the batch on chain (its root or count differs, or it is malformed). */
  | { kind: "manifestMismatch"; records: number | null }
  /** The sealed records for a home school do not open with its key. */
  | { kind: "unopenable"; homeId: number }
  | { kind: "notACredential" }
  /** A record whose student reference is hidden: it cannot be matched to a student. */
  | { kind: "hiddenStudent"; index: number }
  /** A record that is not the manifest's record for this home school. */
  | { kind: "mistagged"; index: number }
  /** A record that fails verification against the chain; `reasons` are the verifier's (English). */
  | { kind: "refused"; index: number; reasons: string }
  /** A record the manifest tags for this home school that never arrived. */
  | { kind: "withheld"; index: number; homeId: number }
  /** Recorded before findings were kept as data: only the sentence. */
  | { kind: "other" };

/** A finding with its English sentence, as served. */
export type WordedFinding = InboundFinding & { text: string };

/** The batch a finding is about, as its sentence names it. */
export const batchOf = (root: string, issuerId: number) => `batch ${root} of member ${issuerId}`;

/** The English sentence for a finding about `where` (a batch of a member), as the audit and CLI show it. */
export function describeFinding(where: string, f: InboundFinding): string {
  switch (f.kind) {
    case "manifestMismatch":
      return `${where}: the manifest (${f.records ?? "no"} records) does not rebuild the root and count on chain`;
    case "unopenable":
      return `${where}: the records for member ${f.homeId} could not be opened with its key`;
    case "notACredential":
      return `${where}: a record that is not a credential file`;
    case "hiddenStudent":
      return `${where}: record ${f.index}: its student reference is withheld`;
    case "mistagged":
      return `${where}: record ${f.index}: not the manifest's record for this home school (mis-tagged)`;
    case "refused":
      return `${where}: record ${f.index}: refused (${f.reasons})`;
    case "withheld":
      return `${where}: record ${f.index}: tagged for member ${f.homeId} in the manifest but not sent (withheld)`;
    case "other":
      return where;
  }
}

/** The findings stored in `inbound_batches.problems` for batch `root` of `issuerId`, each with its sentence; rows from before kept only sentences. */
export function readFindings(json: unknown, root: string, issuerId: number): WordedFinding[] {
  if (json === null || json === undefined) return [];
  const parsed = JSON.parse(String(json)) as Array<InboundFinding | string>;
  const where = batchOf(root, issuerId);
  return parsed.map((f) =>
    typeof f === "string" ? { kind: "other", text: f } : { ...f, text: describeFinding(where, f) },
  );
}
