import { AbiCoder, ZeroHash, id, keccak256 } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { contractErrors } from "../../errors/contractErrors.js";
import { sendTransaction } from "../sendTransaction.js";

export const EntryKind = { CashContribution: 0, InKindContribution: 1, ExpensePaid: 2, Reversal: 3 } as const;

export type EntryClaim =
  | { kind: "cash"; amount: bigint }
  | { kind: "inKind"; category: string; quantity: bigint; unitValue: bigint }
  | { kind: "expense"; amount: bigint }
  | { kind: "reversal"; reverses: string; amount: bigint };

export interface ClaimEntryParameters {
  /** The claiming member: entry ids are per member, so two schools' voucher numbers never collide. */
  memberId: number;
  /** The member's own unique reference (e.g. its voucher number); hashed into the on-chain entry id. */
  reference: string;
  periodId: number;
  entry: EntryClaim;
  /** Hash of the supporting document (invoice, receipt). */
  evidenceHash: string;
}

/** The member's own reference as the contract takes it (`memberRef`): a hash of the voucher number. */
export const memberRefOf = (reference: string) => id(`alliance.entry:${reference}`);

/**
 * The on-chain id of a member's entry, as the CostLedger derives it: keccak256(abi.encode(memberId,
 * memberRef)). The contract computes it from the caller's member, so no school can take another's id.
 */
export const entryIdOf = (memberId: number, reference: string) =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["uint32", "bytes32"], [memberId, memberRefOf(reference)]));

/** The contract's claim struct (and the entry id it will get). In-kind value is quantity x unit value, in minor units. */
export function toEntryClaim(p: ClaimEntryParameters) {
  const e = p.entry;
  const base = {
    entryId: entryIdOf(p.memberId, p.reference),
    memberRef: memberRefOf(p.reference),
    periodId: p.periodId,
    category: ZeroHash,
    quantity: 0n,
    unitValue: 0n,
    reverses: ZeroHash,
    evidenceHash: p.evidenceHash,
  };
  switch (e.kind) {
    case "cash":
      return { ...base, kind: EntryKind.CashContribution, amount: e.amount };
    case "expense":
      return { ...base, kind: EntryKind.ExpensePaid, amount: e.amount };
    case "inKind":
      return {
        ...base,
        kind: EntryKind.InKindContribution,
        amount: e.quantity * e.unitValue,
        category: id(e.category),
        quantity: e.quantity,
        unitValue: e.unitValue,
      };
    case "reversal":
      return { ...base, kind: EntryKind.Reversal, amount: e.amount, reverses: e.reverses };
  }
}

/** The claim without the derived entry id, which the contract computes itself. */
const toStruct = ({ entryId: _derived, ...claim }: ReturnType<typeof toEntryClaim>) => claim;

export type ClaimEntryReturnType = { entryId: string; transactionHash: string | null; alreadyRecorded: boolean };

/**
 * A member claims a cost entry; it counts once the secretariat confirms it. Claiming the same entry
 * again (a retry after a lost answer) returns it with `alreadyRecorded: true`; a different entry
 * under a used reference is refused with `CostLedgerEntryExists`.
 */
export async function claimEntry(client: AllianceClient, p: ClaimEntryParameters): Promise<ClaimEntryReturnType> {
  const claim = toEntryClaim(p);
  try {
    const receipt = await sendTransaction(() => client.costLedger.claimEntry(toStruct(claim)));
    return { entryId: claim.entryId, transactionHash: receipt.hash, alreadyRecorded: false };
  } catch (error) {
    if (!(error instanceof contractErrors.CostLedgerEntryExists)) throw error;
    const e = await client.costLedger.entry(claim.entryId);
    if (
      Number(e.memberId) !== p.memberId ||
      Number(e.periodId) !== claim.periodId ||
      Number(e.kind) !== claim.kind ||
      e.amount !== claim.amount
    )
      throw error;
    return { entryId: claim.entryId, transactionHash: null, alreadyRecorded: true };
  }
}

/** The secretariat confirms a claimed entry. */
export async function confirmEntry(client: AllianceClient, p: { entryId: string }) {
  return { transactionHash: (await sendTransaction(() => client.costLedger.confirmEntry(p.entryId))).hash };
}

/** The secretariat rejects a claimed entry with a non-zero reason code. */
export async function rejectEntry(client: AllianceClient, p: { entryId: string; reasonCode: number }) {
  return {
    transactionHash: (await sendTransaction(() => client.costLedger.rejectEntry(p.entryId, p.reasonCode))).hash,
  };
}

/** A member claims several entries in one transaction (all or nothing). */
export async function claimEntries(client: AllianceClient, p: { claims: ClaimEntryParameters[] }) {
  const claims = p.claims.map(toEntryClaim);
  const receipt = await sendTransaction(() => client.costLedger.claimEntries(claims.map(toStruct)));
  return { entryIds: claims.map((c) => c.entryId), transactionHash: receipt.hash };
}

/** The secretariat confirms several claimed entries in one transaction (all or nothing). */
export async function confirmEntries(client: AllianceClient, p: { entryIds: string[] }) {
  return { transactionHash: (await sendTransaction(() => client.costLedger.confirmEntries(p.entryIds))).hash };
}
