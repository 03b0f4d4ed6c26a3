import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { printResult } from "../output.js";

/** `alliance export`: the auditor takes the gateway's records, to check them with `alliance audit --export`. */
export function registerExportCommand(program: Command) {
  gatewayOptions(
    program
      .command("export")
      .description(
        "auditor: download the gateway's audit export (no student data), for `alliance audit --export <file>`",
      )
      .option("--out <file>", "where to write it", "audit-export.json"),
  ).action(async (o: GatewayOptions & { out: string }) => {
    const text = await withGateway(o, (g) => g.auditExport());
    await writeFile(o.out, text);
    const e = JSON.parse(text) as {
      attestations: unknown[];
      batches?: unknown[];
      costEntries: unknown[];
      reports?: unknown[];
    };
    const [batches, reports] = [e.batches?.length ?? 0, e.reports?.length ?? 0];
    printResult(
      program,
      { out: o.out, attestations: e.attestations.length, batches, costEntries: e.costEntries.length, reports },
      `wrote ${o.out}: ${e.attestations.length} attestations in ${batches} batches, ${e.costEntries.length} cost entries, ${reports} closing reports; next: alliance audit --export ${o.out}`,
    );
  });
}
