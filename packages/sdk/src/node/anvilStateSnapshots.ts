import { open, readFile, rename } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import type { JsonRpcProvider } from "ethers";

/**
 * Snapshots of a local node's whole state, so that a node killed at any moment comes back with at most
 * the last interval lost. Each snapshot is written to a new file, flushed to disk and renamed into
 * place; the one before it is kept as `<path>.prev`, so even a crash in the middle of the renames
 * leaves a complete snapshot to start from.
 */
export async function snapshotAnvilState(
  provider: JsonRpcProvider,
  path: string,
): Promise<{ bytes: number; block: number }> {
  const block = await provider.getBlockNumber();
  // anvil_dumpState answers the state as gzipped JSON; --load-state reads the JSON.
  const dumped = (await provider.send("anvil_dumpState", [])) as string;
  const json = gunzipSync(Buffer.from(dumped.slice(2), "hex"));
  const file = await open(`${path}.tmp`, "w");
  try {
    await file.writeFile(json);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(path, `${path}.prev`).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(`${path}.tmp`, path);
  return { bytes: json.length, block };
}

/**
 * The snapshot to start a node from: `path`, or `<path>.prev` when the newest is missing or damaged
 * (a crash between the two renames, a disk that lost the last write); undefined when neither is whole.
 */
export async function newestGoodSnapshot(path: string): Promise<string | undefined> {
  for (const candidate of [path, `${path}.prev`]) {
    const text = await readFile(candidate, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    try {
      JSON.parse(text);
      return candidate;
    } catch {
      // damaged: try the one before
    }
  }
  return undefined;
}
