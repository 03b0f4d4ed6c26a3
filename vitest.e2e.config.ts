import { defineConfig } from "vitest/config";

// `npm run test:e2e`: the console in real Chromium against a real `npm start` stack. One file, run alone:
// it owns a whole stack and a browser.
export default defineConfig({
  ssr: { resolve: { conditions: ["@alliance-ledger/source", "module", "node", "development|production"] } },
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    globalSetup: ["test/ts/helpers/buildPackages.ts"],
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
