import { createCredential, createList } from "@digitalbazaar/vc-bitstring-status-list";

/** Bits per status list: the Bitstring Status List minimum (16 KB), which also hides who is revoked among many. */
export const STATUS_LIST_LENGTH = 131_072;

/** Where a record's bit lives: list `list` of its issuer, bit `index`. */
export function statusPlace(sequence: number): { list: number; index: number } {
  return { list: Math.floor(sequence / STATUS_LIST_LENGTH), index: sequence % STATUS_LIST_LENGTH };
}

/** A credential's `credentialStatus`: its revocation bit in the issuer's list at `listUrl`. */
export function statusEntry(listUrl: string, index: number) {
  return {
    id: `${listUrl}#${index}`,
    type: "BitstringStatusListEntry",
    statusPurpose: "revocation",
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}

/** An unsigned BitstringStatusListCredential at `url` with the bits at `revoked` set. */
export async function statusListCredential(p: { url: string; issuer: string; revoked: number[]; validFrom: Date }) {
  const list = await createList({ length: STATUS_LIST_LENGTH });
  for (const index of p.revoked) list.setStatus(index, true);
  const credential = await createCredential({ id: p.url, list, statusPurpose: "revocation" });
  return { ...credential, issuer: p.issuer, validFrom: p.validFrom.toISOString() };
}
