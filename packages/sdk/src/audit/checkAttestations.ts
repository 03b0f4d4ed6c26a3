import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import type { Attestation } from "../attestations/attestation.js";
import { attestationLeafBytes, merkleRootOfLeaves, toHex } from "../attestations/merkleRoot.js";
import { getBytes } from "ethers";
import type { AuditExport } from "./auditLedger.js";
import { inAuditScope } from "./auditScope.js";
import { batchKey, recordKey, type Discrepancy, type ReplayedLedger } from "./replayLedger.js";

type ExportedAttestation = AuditExport["attestations"][number] & { leaf: string; leafBytes: Uint8Array };

export interface IndexedAttestations {
  /** leaf -> the exported record, for the replay's checks on a record's fields. */
  leafOwner: Map<string, { recordId: string; attestation: Attestation }>;
  /** Keyed {@link batchKey}(the record's own issuer, its batch root). */
  byBatch: Map<string, ExportedAttestation[]>;
  duplicates: Discrepancy[];
}

/** Hashes every exported attestation once: leaf -> record, the records by batch, and duplicates. */
export function indexAttestations(records: AuditExport["attestations"]): IndexedAttestations {
  const leafOwner = new Map<string, { recordId: string; attestation: Attestation }>();
  const byBatch = new Map<string, ExportedAttestation[]>();
  const duplicates: Discrepancy[] = [];
  for (const r of records) {
    const leafBytes = attestationLeafBytes(r.attestation);
    const leaf = toHex(leafBytes);
    if (leafOwner.has(leaf)) {
      duplicates.push({
        code: "ATTESTATION_DUPLICATED",
        recordType: "attestation",
        recordId: r.recordId,
        message: `same record as ${leafOwner.get(leaf)!.recordId}`,
      });
      continue;
    }
    leafOwner.set(leaf, { recordId: r.recordId, attestation: r.attestation });
    // A batch is its issuer's: the record's own issuer names it, with its root.
    const key = batchKey(r.attestation.issuerId, r.batchRoot);
    const group = byBatch.get(key) ?? [];
    group.push({ ...r, leaf, leafBytes });
    byBatch.set(key, group);
  }
  return { leafOwner, byBatch, duplicates };
}

/**
 * Accounts for every anchored batch record by record. Every exported record must be in an anchored
 * batch of its own issuer at an index below its count (in scope or not: the audit checks all it is
 * given); every index of every batch of an issuer in scope must be in the export, or is named missing.
 *
 * Telling a deleted record from the intact ones needs more than the surviving records (the root of a
 * tree with a hole cannot be rebuilt): the export's leaf list of the batch, checked against the
 * anchored root, names each missing record by its leaf, and each exported record is checked against
 * the leaf at its index. Without a valid list, each record's own proof decides, and a missing record
 * is named by issuer, root and index.
 */
export function checkAttestations(
  exported: IndexedAttestations,
  leafLists: AuditExport["batches"],
  chain: ReplayedLedger,
  flag: (d: Discrepancy) => void,
  issuerIds?: number[],
) {
  const rootIssuers = new Map<string, number[]>();
  for (const b of chain.batches.values()) rootIssuers.set(b.root, [...(rootIssuers.get(b.root) ?? []), b.issuerId]);
  const listed = new Map<string, string[]>();
  for (const b of leafLists ?? []) {
    const key = batchKey(b.issuerId, b.root);
    if (!chain.batches.has(key))
      flag({
        code: "BATCH_NOT_ANCHORED",
        recordType: "batch",
        recordId: b.root,
        message: `the export lists batch ${b.root} of member ${b.issuerId}, which was never anchored`,
      });
    else
      listed.set(
        key,
        b.leaves.map((l) => l.toLowerCase()),
      );
  }

  for (const [key, group] of exported.byBatch) {
    if (chain.batches.has(key)) continue;
    const root = group[0].batchRoot;
    const others = rootIssuers.get(root.toLowerCase());
    for (const r of group) {
      if (others)
        flag({
          code: "ATTESTATION_ISSUER_MISMATCH",
          recordType: "attestation",
          recordId: r.recordId,
          message: `names issuer ${r.attestation.issuerId}; batch ${root} was anchored by member ${others.join(", ")}`,
        });
      else
        flag({
          code: "BATCH_NOT_ANCHORED",
          recordType: "attestation",
          recordId: r.recordId,
          message: `its batch ${root} was never anchored`,
        });
    }
  }

  for (const [key, batch] of chain.batches) {
    const group = exported.byBatch.get(key) ?? [];
    const inScope = inAuditScope(issuerIds, batch.issuerId);
    if (group.length === 0 && !inScope) continue;
    const { root, count } = batch;
    // The contract keys each record's state by its index: one per record, below the batch's count.
    const byIndex = new Map<number, ExportedAttestation>();
    for (const r of group) {
      const index = r.attestation.index;
      if (index >= count)
        flag({
          code: "ATTESTATION_INDEX_OUT_OF_RANGE",
          recordType: "attestation",
          recordId: r.recordId,
          message: `index ${index} is not below batch ${root}'s count ${count}`,
        });
      else if (byIndex.has(index))
        flag({
          code: "ATTESTATION_INDEX_DUPLICATED",
          recordType: "attestation",
          recordId: r.recordId,
          message: `index ${index} of batch ${root} is also ${byIndex.get(index)!.recordId}'s`,
        });
      else byIndex.set(index, r);
    }
    const leaves = listed.get(key);
    // Fast path: the whole batch rebuilds to the anchored root (and the leaf list, if any, agrees).
    if (
      count > 0 &&
      byIndex.size === count &&
      group.length === count &&
      merkleRootOfLeaves(group.map((r) => r.leafBytes)) === root
    ) {
      if (leaves && (leaves.length !== count || leaves.some((l, i) => byIndex.get(i)!.leaf !== l))) {
        flag({
          code: "BATCH_LEAVES_INVALID",
          recordType: "batch",
          recordId: root,
          message: "the export's leaf list disagrees with its records, which rebuild to the anchored root",
        });
      }
      continue;
    }
    const validList =
      leaves && count > 0 && leaves.length === count && merkleRootOfLeaves(leaves.map((l) => getBytes(l))) === root;
    if (leaves && !validList)
      flag({
        code: "BATCH_LEAVES_INVALID",
        recordType: "batch",
        recordId: root,
        message: `the export's ${leaves.length} leaves do not rebuild to the anchored root of ${count} records`,
      });

    const present = new Set<number>();
    for (const r of group) {
      const index = r.attestation.index;
      const included = validList
        ? leaves[index] === r.leaf
        : r.proof !== undefined && SimpleMerkleTree.verify(root, r.leaf, r.proof);
      if (!included)
        flag({
          code: "ATTESTATION_NOT_IN_BATCH",
          recordType: "attestation",
          recordId: r.recordId,
          message: `not in anchored batch ${root}: altered or inserted`,
        });
      else if (byIndex.get(index) === r) present.add(index);
    }
    if (!inScope) continue;
    for (let index = 0; index < count; index++) {
      if (present.has(index)) continue;
      const recordId = validList ? leaves[index] : recordKey(batch.issuerId, root, index);
      flag({
        code: "ATTESTATION_MISSING",
        recordType: "attestation",
        recordId,
        message: `record ${index} of member ${batch.issuerId}'s batch ${root} (${count} records) is on chain but not in the export`,
      });
    }
  }
}
