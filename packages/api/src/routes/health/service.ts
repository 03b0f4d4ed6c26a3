import type { Provider } from "ethers";
import type { Logger } from "pino";
import type { Database } from "../../db/database.js";
import { DomainError } from "../../errors.js";
import { indexedBlock } from "../../indexer/indexChain.js";

/** Blocks the index may trail the chain head and still count as caught up. */
const MAX_INDEX_LAG = 2;

/** The chain's id and head block. */
export async function chainHead(provider: Provider) {
  const [network, blockNumber] = await Promise.all([provider.getNetwork(), provider.getBlockNumber()]);
  return { chainId: Number(network.chainId), blockNumber };
}

/**
 * Nothing when the chain node answers and (when an indexer runs) the index is caught up; otherwise a 503
 * that says only which, while why (the node's URL, its error) goes to the log.
 */
export async function checkReady(deps: { provider: Provider; db: Database; indexing: boolean; logger: Logger }) {
  let chain: Awaited<ReturnType<typeof chainHead>>;
  try {
    chain = await chainHead(deps.provider);
  } catch (error) {
    deps.logger.warn(
      {
        reason: String((error as Error).message)
          .split("\n")[0]
          .slice(0, 300),
      },
      "not ready: the chain node does not answer",
    );
    throw new DomainError("chain_unreachable", "The chain node does not answer.");
  }
  if (!deps.indexing) return;
  const indexed = await indexedBlock(deps.db);
  if (chain.blockNumber - indexed > MAX_INDEX_LAG) {
    deps.logger.warn(
      { indexedBlock: indexed, chainBlock: chain.blockNumber },
      "not ready: the index is behind the chain",
    );
    throw new DomainError("index_behind", "The index is catching up with the chain.");
  }
}
