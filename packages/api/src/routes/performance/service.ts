import { memberPerformance, readLedgerEvents } from "@alliance-ledger/sdk";
import type { ApiKeyRecord } from "../../auth/apiKeys.js";
import { jsonSafe } from "../../jsonSafe.js";
import { type OutboxRow, sealedFromRow } from "../../outbox/outboxRecords.js";
import { hundredthsToCredits } from "../../validators.js";
import type { ReadDependencies } from "../deps.js";
import type { PerformanceQuery } from "./schemas.js";

/**
 * The member performance report the council's evaluation reads, one row per member (events from the
 * chain, records from the outbox); every key may read it.
 */
export async function memberPerformanceReport(
  deps: ReadDependencies,
  query: PerformanceQuery,
  _caller: ApiKeyRecord,
): Promise<{ periodId: number; threshold: number; members: unknown }> {
  const { events } = await readLedgerEvents({ provider: deps.provider, addresses: deps.reader.addresses });
  const attestations = (
    await deps.db.query<OutboxRow>(
      "performance.attestations",
      "SELECT * FROM outbox_attestations WHERE status = 'anchored'",
    )
  ).map((r) => sealedFromRow(r).attestation);
  const members = memberPerformance({
    events,
    periodId: query.periodId,
    attestations,
    threshold: query.threshold,
  }).map((m) => ({
    ...m,
    creditsAttested: hundredthsToCredits(m.creditsAttested),
    creditsRecognised: hundredthsToCredits(m.creditsRecognised),
  }));
  return { periodId: query.periodId, threshold: query.threshold, members: jsonSafe(members) };
}
