/** What one benchmark measured: its name and the figures of its `BENCH name {json}` line. */
export interface BenchResult {
  name: string;
  figures: Record<string, unknown>;
}

/** Prints a titled, aligned table of rows to stdout. */
export function printTable(title: string, rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`\n${title}`);
  for (const r of rows) console.log(`  ${r.map((cell, c) => cell.padEnd(widths[c])).join("  ")}`);
}

/** The machine-readable last line every benchmark ends with. */
export function benchLine(result: BenchResult): string {
  return `BENCH ${result.name} ${JSON.stringify(result.figures)}`;
}
