import { type AllianceClient, ContractRevertedError, decodeContractError } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { runPeriodically } from "../periodic.js";
import { isLoopbackUrl } from "./gatewayDestination.js";
import { pullInboundBatches } from "./pullInboundBatches.js";
import { transportKeys } from "./transportKeys.js";

export interface FederationParameters {
  db: Database;
  reader: AllianceClient;
  /** Custodial signing clients by member id (0, the secretariat's, is not a member and is skipped). */
  signers: Map<number, AllianceClient>;
  publicUrl: string;
  passphrase: string;
}

/** The members this gateway speaks for: those whose custodial keys it holds. */
export const servedMembers = (signers: Map<number, AllianceClient>) => [...signers.keys()].filter((m) => m !== 0);

/**
 * Publishes this gateway in the directory on chain for every member it serves, with the member's
 * transport keys (made on first use), unless the member's current entry already says so. Each member
 * signs its own entry with its operator key: no gateway can publish another's. A member that cannot be
 * published (suspended, or its node refusing) is named in `failed` and the others go on.
 */
export async function publishGateways(
  p: FederationParameters,
): Promise<{ published: number[]; failed: Array<{ memberId: number; error: string }> }> {
  const published: number[] = [];
  const failed: Array<{ memberId: number; error: string }> = [];
  for (const memberId of servedMembers(p.signers)) {
    try {
      if (await publishGateway(p, memberId)) published.push(memberId);
    } catch (error) {
      const decoded = decodeContractError(error);
      failed.push({ memberId, error: decoded instanceof Error ? decoded.message : String(decoded) });
    }
  }
  return { published, failed };
}

/** True when the member's entry had to be (re)published. */
async function publishGateway(p: FederationParameters, memberId: number): Promise<boolean> {
  let keys = (await transportKeys(p.db, memberId, p.passphrase, { create: true }))!;
  const entries = await p.reader.memberGateways!.gatewayEntries(memberId);
  const current = entries.at(-1);
  if (
    current?.url === p.publicUrl &&
    current.signingKey === keys.signingPublic &&
    current.encryptionKey === keys.encryptionPublic
  )
    return false;
  // The directory never takes a key twice: a new URL with keys already on chain needs new keys.
  if (entries.some((e) => e.signingKey === keys.signingPublic || e.encryptionKey === keys.encryptionPublic))
    keys = (await transportKeys(p.db, memberId, p.passphrase, { rotate: true }))!;
  const directory = p.signers.get(memberId)!.memberGateways!;
  try {
    await (await directory.setGateway(p.publicUrl, keys.signingPublic, keys.encryptionPublic)).wait();
  } catch (error) {
    // Someone published these public keys first (seen in a pending transaction, say): fresh keys, once.
    const decoded = decodeContractError(error);
    if (!(decoded instanceof ContractRevertedError && decoded.errorName === "GatewaysKeyReused")) throw error;
    keys = (await transportKeys(p.db, memberId, p.passphrase, { rotate: true }))!;
    await (await directory.setGateway(p.publicUrl, keys.signingPublic, keys.encryptionPublic)).wait();
  }
  return true;
}

/**
 * Publishes this gateway, then pulls other members' records for its home schools every `intervalMs`
 * (after the indexer has seen their batches). An issuer's gateway being down only delays its batches.
 */
export async function startFederation(p: FederationParameters & { intervalMs: number; logger: Logger }) {
  const { failed } = await publishGateways(p);
  for (const f of failed)
    p.logger.error({ memberId: f.memberId, err: f.error }, `could not publish member ${f.memberId}'s gateway entry`);
  const members = servedMembers(p.signers);
  // A gateway on loopback is a local federation: its peers are on this machine too.
  const allowLoopback = isLoopbackUrl(p.publicUrl);
  return runPeriodically(
    "federation",
    async () => {
      const report = await pullInboundBatches({ ...p, members, allowLoopback });
      for (const b of report.batches)
        if (b.status !== "delivered") p.logger.warn({ batch: b }, `records of batch ${b.root}: ${b.status}`);
    },
    p.intervalMs,
    p.logger,
  );
}
