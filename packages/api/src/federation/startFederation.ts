import type { AllianceClient } from "@alliance-ledger/sdk";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { runPeriodically } from "../periodic.js";
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
 * signs its own entry with its operator key: no gateway can publish another's.
 */
export async function publishGateways(p: FederationParameters): Promise<number[]> {
  const published: number[] = [];
  for (const memberId of servedMembers(p.signers)) {
    let keys = (await transportKeys(p.db, memberId, p.passphrase, { create: true }))!;
    const entries = await p.reader.memberGateways!.gatewayEntries(memberId);
    const current = entries.at(-1);
    if (
      current?.url === p.publicUrl &&
      current.signingKey === keys.signingPublic &&
      current.encryptionKey === keys.encryptionPublic
    )
      continue;
    // The directory never takes a key twice: a new URL with keys already on chain needs new keys.
    if (entries.some((e) => e.signingKey === keys.signingPublic || e.encryptionKey === keys.encryptionPublic))
      keys = (await transportKeys(p.db, memberId, p.passphrase, { rotate: true }))!;
    const directory = p.signers.get(memberId)!.memberGateways!;
    await (await directory.setGateway(p.publicUrl, keys.signingPublic, keys.encryptionPublic)).wait();
    published.push(memberId);
  }
  return published;
}

/**
 * Publishes this gateway, then pulls other members' records for its home schools every `intervalMs`
 * (after the indexer has seen their batches). An issuer's gateway being down only delays its batches.
 */
export async function startFederation(p: FederationParameters & { intervalMs: number; logger: Logger }) {
  await publishGateways(p);
  const members = servedMembers(p.signers);
  return runPeriodically(
    "federation",
    async () => {
      const report = await pullInboundBatches({ ...p, members });
      for (const b of report.batches)
        if (b.status !== "delivered") p.logger.warn({ batch: b }, `records of batch ${b.root}: ${b.status}`);
    },
    p.intervalMs,
    p.logger,
  );
}
