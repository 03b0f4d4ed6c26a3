import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id } from "ethers";
import { anchorBatch } from "@alliance-ledger/sdk";
import { startLocalAlliance, type LocalAlliance } from "@alliance-ledger/sdk/testing";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { indexChain } from "./indexChain.js";
import { bothDatabases } from "../testing/bothDatabases.js";

/** A node that loses its latest blocks (state restored from an earlier flush) must not leave the index holding them. */
describe.each(bothDatabases("gateway_index_rollback_test"))(
  "the indexer after the chain lost blocks, on %s",
  (_name, makeDb) => {
    let chain: LocalAlliance;
    let db: Database;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      chain = await startLocalAlliance(2);
      ({ db, drop } = await makeDb());
      await migrate(db);
    }, 120_000);
    afterAll(async () => {
      await drop();
      await chain.stop();
    });

    const indexedRoots = async () =>
      (await db.query<{ root: string }>("t", "SELECT root FROM indexed_batches ORDER BY block_number")).map(
        (r) => r.root,
      );

    it("notices the lost blocks, drops what it held from them and indexes the chain as it now is", async () => {
      const addresses = chain.reader.addresses;
      await anchorBatch(chain.members[0], { root: id("kept"), count: 1 });
      const snapshot = await chain.provider.send("evm_snapshot", []);
      await anchorBatch(chain.members[0], { root: id("lost"), count: 1 });
      expect((await indexChain({ db, provider: chain.provider, addresses })).rebuilt).toBe(false);
      expect(await indexedRoots()).toEqual([id("kept"), id("lost")]);

      // The node goes back to its snapshot (as after a kill -9 between state flushes); new blocks reuse the lost numbers.
      await chain.provider.send("evm_revert", [snapshot]);
      await anchorBatch(chain.members[1], { root: id("after"), count: 2 });
      let warned = false;
      const result = await indexChain({ db, provider: chain.provider, addresses, onRebuild: () => (warned = true) });
      expect([result.rebuilt, warned]).toEqual([true, true]);
      expect(await indexedRoots()).toEqual([id("kept"), id("after")]);
      expect((await indexChain({ db, provider: chain.provider, addresses })).rebuilt).toBe(false);
    });
  },
);
