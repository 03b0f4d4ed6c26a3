import { decryptKeystoreJson, encryptKeystoreJson, Wallet, type Provider } from "ethers";
import { createAllianceClient, type AllianceAddresses, type AllianceClient } from "@alliance-ledger/sdk";
import type { Database } from "../db/database.js";
import { RecordingWallet } from "../chainWrites/recordingWallet.js";

/** scrypt work factor of the keystores; 2^17 is ethers' default (about a second per key, on purpose). */
export interface KeystoreOptions {
  scryptN?: number;
}

/**
 * Stores a member's operator key for custodial signing, encrypted with the gateway's passphrase as a
 * standard JSON keystore. Generates a new key unless one is given. Returns only the address: register
 * it as the member's operator key (`addOperator`) before the gateway signs with it.
 */
export async function storeCustodialKey(
  db: Database,
  p: { memberId: number; passphrase: string; privateKey?: string } & KeystoreOptions,
): Promise<{ address: string }> {
  const wallet = p.privateKey ? new Wallet(p.privateKey) : Wallet.createRandom();
  const keystore = await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, p.passphrase, {
    scrypt: { N: p.scryptN ?? 1 << 17 },
  });
  await db.query(
    "custody.store",
    "INSERT INTO custodial_keys (member_id, address, keystore, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (member_id) DO UPDATE SET address = $2, keystore = $3, created_at = $4",
    [p.memberId, wallet.address, keystore, new Date().toISOString()],
  );
  return { address: wallet.address };
}

export class CustodialKeyError extends Error {}

/** Decrypts every custodial key once at start-up into signing clients, by member id (each journals what it sends). */
export async function loadCustodialSigners(
  db: Database,
  p: { passphrase: string; provider: Provider; addresses: AllianceAddresses },
): Promise<Map<number, AllianceClient>> {
  const rows = await db.query<{ member_id: number; keystore: string }>(
    "custody.load",
    "SELECT member_id, keystore FROM custodial_keys ORDER BY member_id",
  );
  const signers = new Map<number, AllianceClient>();
  for (const row of rows) {
    let account: Awaited<ReturnType<typeof decryptKeystoreJson>>;
    try {
      account = await decryptKeystoreJson(row.keystore, p.passphrase);
    } catch {
      throw new CustodialKeyError(
        `cannot decrypt the custodial key of member ${row.member_id}: wrong ALLIANCE_KEY_PASSPHRASE?`,
      );
    }
    signers.set(
      Number(row.member_id),
      createAllianceClient({ runner: new RecordingWallet(account.privateKey, p.provider), addresses: p.addresses }),
    );
  }
  return signers;
}
