import { ZeroHash, id } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { sendTransaction } from "../sendTransaction.js";

export const EntryKind = { CashContribution: 0, InKindContribution: 1, ExpensePaid: 2, Reversal: 3 } as const;

export type EntryClaim =
  | { kind: "cash"; amount: bigint }
  | { kind: "inKind"; category: string; quantity: bigint; unitValue: bigint }
  | { kind: "expense"; amount: bigint }
  | { kind: "reversal"; reverses: string; amount: bigint };

export interface ClaimEntryParameters {
  /** The member's own unique reference; hashed into the on-chain entry id. */
  reference: string;
  periodId: number;
  entry: EntryClaim;
  /** Hash of the supporting document (invoice, receipt). */
  evidenceHash: string;
}

/** The on-chain id of an entry: keccak256 of the member's reference. */
export const entryIdOf = (reference: string) => id(reference);

/** The contract's claim struct. In-kind value is quantity x unit value, in minor units. */
export function toEntryClaim(p: ClaimEntryParameters) {
  const e = p.entry;
  const base = { entryId: entryIdOf(p.reference), periodId: p.periodId, category: ZeroHash, quantity: 0n, unitValue: 0n, reverses: ZeroHash, evidenceHash: p.evidenceHash };
  switch (e.kind) {
    case "cash":
      return { ...base, kind: EntryKind.CashContribution, amount: e.amount };
    case "expense":
      return { ...base, kind: EntryKind.ExpensePaid, amount: e.amount };
    case "inKind":
      return { ...base, kind: EntryKind.InKindContribution, amount: e.quantity * e.unitValue, category: id(e.category), quantity: e.quantity, unitValue: e.unitValue };
    case "reversal":
      return { ...base, kind: EntryKind.Reversal, amount: e.amount, reverses: e.reverses };
  }
}

/** A member claims a cost entry; it counts once the secretariat confirms it. */
export async function claimEntry(client: AllianceClient, p: ClaimEntryParameters) {
  const claim = toEntryClaim(p);
  const receipt = await sendTransaction(() => client.costLedger.claimEntry(claim));
  return { entryId: claim.entryId, transactionHash: receipt.hash };
}

/** The secretariat confirms a claimed entry. */
export async function confirmEntry(client: AllianceClient, p: { entryId: string }) {
  return { transactionHash: (await sendTransaction(() => client.costLedger.confirmEntry(p.entryId))).hash };
}

/** The secretariat rejects a claimed entry with a non-zero reason code. */
export async function rejectEntry(client: AllianceClient, p: { entryId: string; reasonCode: number }) {
  return { transactionHash: (await sendTransaction(() => client.costLedger.rejectEntry(p.entryId, p.reasonCode))).hash };
}

/** A member claims several entries in one transaction (all or nothing). */
export async function claimEntries(client: AllianceClient, p: { claims: ClaimEntryParameters[] }) {
  const claims = p.claims.map(toEntryClaim);
  const receipt = await sendTransaction(() => client.costLedger.claimEntries(claims));
  return { entryIds: claims.map((c) => c.entryId), transactionHash: receipt.hash };
}

/** The secretariat confirms several claimed entries in one transaction (all or nothing). */
export async function confirmEntries(client: AllianceClient, p: { entryIds: string[] }) {
  return { transactionHash: (await sendTransaction(() => client.costLedger.confirmEntries(p.entryIds))).hash };
}
