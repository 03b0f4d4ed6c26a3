import { AbiCoder, ZeroHash, id, keccak256 } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import type { BaseError } from "../../errors/BaseError.js";
import { contractErrors } from "../../errors/contractErrors.js";
import type { ActiveOperatorErrorType, ContractErrorType } from "../contractErrorType.js";
import { sendTransaction } from "../sendTransaction.js";

export const EntryKind = {
  CashContribution: 0,
  InKindContribution: 1,
  ExpensePaid: 2,
  Reversal: 3,
  Income: 4,
} as const;

export type EntryClaim =
  | { kind: "cash"; amount: bigint }
  | { kind: "inKind"; category: string; quantity: bigint; unitValue: bigint }
  | { kind: "expense"; amount: bigint }
  | { kind: "reversal"; reverses: string; amount: bigint }
  /** Alliance income the member received (a grant, outside funding, training fees): `source` names it. */
  | { kind: "income"; source: string; amount: bigint };

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
    case "income":
      return { ...base, kind: EntryKind.Income, amount: e.amount, category: id(e.source) };
  }
}

/** The claim without the derived entry id, which the contract computes itself (internal). */
export const toStruct = ({ entryId: _derived, ...claim }: ReturnType<typeof toEntryClaim>) => claim;

export type ClaimEntryReturnType = { entryId: string; transactionHash: string | null; alreadyRecorded: boolean };
/** The refusals of a member's claim (one entry's, or any entry's of a batch). */
export type EntryClaimErrorType =
  | ActiveOperatorErrorType
  | ContractErrorType<
      | "CostLedgerUnknownPeriod"
      | "CostLedgerPeriodNotOpen"
      | "CostLedgerMemberNotInPeriod"
      | "CostLedgerEntryExists"
      | "CostLedgerZeroAmount"
      | "CostLedgerMissingEvidence"
      | "CostLedgerInKindValueMismatch"
      | "CostLedgerIncomeWithoutSource"
      | "CostLedgerInvalidReversal"
      | "CostLedgerAmountOverflow"
    >;
export type ClaimEntryErrorType = EntryClaimErrorType | BaseError;

/**
 * A member claims a cost entry; it counts once the secretariat confirms it. Claiming the same entry
 * again (a retry after a lost answer) returns it with `alreadyRecorded: true`; a different entry
 * under a used reference is refused with `CostLedgerEntryExists`.
 *
 * @param client - A current key of the claiming member.
 * @param parameters - The member, its own reference, the period, the entry and its evidence hash.
 * @returns The entry's id, the transaction (null when already recorded) and whether it was.
 * @example
 * const { entryId } = await claimEntry(member, {
 *   memberId: 1, reference: "A-2026-001", periodId, entry: { kind: "cash", amount: 1_000_000n }, evidenceHash,
 * });
 */
export async function claimEntry(
  client: AllianceClient,
  parameters: ClaimEntryParameters,
): Promise<ClaimEntryReturnType> {
  const p = parameters;
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
