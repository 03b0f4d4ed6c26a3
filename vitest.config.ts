import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/ts/**/*.test.ts"],
    // Many tests start real processes (anvil, the CLI, npm start): on a busy two-core machine their
    // first steps take seconds, so no test may lean on vitest's 5 s default.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
