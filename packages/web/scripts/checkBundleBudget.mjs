import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/**
 * Prints the console's initial JavaScript (the entry chunk and every chunk it imports statically),
 * gzipped, and fails the build above the 250 KB budget: a registrar on a slow campus link waits for it.
 */
const BUDGET_KB = 250;
const dist = new URL("../dist/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL(".vite/manifest.json", dist), "utf8"));
const initial = new Set();
const visit = (key) => {
  if (initial.has(key)) return;
  initial.add(key);
  for (const imported of manifest[key].imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
const bytes = [...initial].reduce(
  (sum, key) => sum + gzipSync(readFileSync(new URL(manifest[key].file, dist))).length,
  0,
);
const kb = bytes / 1024;
console.log(
  `console initial JavaScript: ${kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB, ${((kb / BUDGET_KB) * 100).toFixed(0)}% of it)`,
);
if (kb > BUDGET_KB) {
  console.error(`over budget by ${(kb - BUDGET_KB).toFixed(1)} KB: split a route with import() or drop a dependency`);
  process.exit(1);
}
