import { defineConfig } from "vitest/config";

// In-repo code imports the workspace packages' TypeScript sources through this export condition, so tests
// never run against a stale dist/ (packages/*/package.json, `exports`).
const SOURCE_CONDITION = "@alliance-ledger/source";

export default defineConfig({
  // Tests run in Vite's server (SSR) environment; the other three are Vite's defaults for it.
  ssr: { resolve: { conditions: [SOURCE_CONDITION, "module", "node", "development|production"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/ts/**/*.test.ts"],
    globalSetup: ["test/ts/helpers/buildPackages.ts"],
    // Many tests start real processes (anvil, the CLI, npm start): on a busy two-core machine their
    // first steps take seconds, so no test may lean on vitest's 5 s default.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
