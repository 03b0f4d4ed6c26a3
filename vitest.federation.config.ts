import { defineConfig } from "vitest/config";

// `npm run test:federation`: three member gateways, each with its own database, against one node. Run
// alone: its gateways listen on real ports and call each other.
export default defineConfig({
  ssr: { resolve: { conditions: ["@alliance-ledger/source", "module", "node", "development|production"] } },
  test: {
    include: ["test/federation/**/*.test.ts"],
    globalSetup: ["test/ts/helpers/buildPackages.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
