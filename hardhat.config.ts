import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** Keep equal to the pinned `solc` npm package: Hardhat does not notice a mismatch. */
const SOLC_VERSION = "0.8.28";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    compilers: [
      {
        version: SOLC_VERSION,
        // The npm-shipped compiler: builds never need the internet.
        path: require.resolve("solc/soljson.js"),
        settings: {
          // Cancun: OpenZeppelin 5.7 uses mcopy; Besu runs Cancun on private networks (cancunTime: 0).
          evmVersion: "cancun",
          optimizer: { enabled: true, runs: 10_000 },
          // NatSpec in the build info (Hardhat adds its own selections to these), checked by
          // test/ts/contractErrorsNatspec.test.ts. Bytecode is unaffected: metadata omits outputSelection.
          outputSelection: { "*": { "*": ["userdoc", "devdoc"] } },
        },
      },
    ],
  },
  networks: {
    // The in-process network mirrors an alliance's Besu network: Cancun rules and free gas, so every
    // test also shows the contracts work at a gas price of zero.
    default: {
      type: "edr-simulated",
      hardfork: "cancun",
      initialBaseFeePerGas: 0,
      gasPrice: 0,
      minGasPrice: 0,
    },
    // Any JSON-RPC network of the alliance (Besu QBFT in production): URL and deployer key come from
    // environment variables or Hardhat's keystore (`npx hardhat keystore set ALLIANCE_DEPLOYER_KEY`),
    // never from committed files. Deploy: `npm run deploy -- --network alliance`.
    alliance: {
      type: "http",
      chainType: "l1",
      url: configVariable("ALLIANCE_RPC_URL"),
      accounts: [configVariable("ALLIANCE_DEPLOYER_KEY")],
    },
  },
  paths: {
    sources: "contracts",
    tests: { mocha: "test/contracts", solidity: "test/fuzz" },
  },
  test: {
    solidity: {
      fuzz: { runs: 512, seed: "0x414c4c49414e4345" },
      invariant: { runs: 64, depth: 32, failOnRevert: false },
    },
  },
  // Generated into the SDK, which owns the contract types and re-exports them.
  typechain: { outDir: "packages/sdk/src/generated/typechain" },
});
