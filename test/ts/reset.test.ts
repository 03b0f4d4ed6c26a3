import { execFile } from "node:child_process";
import { mkdtemp, mkdir, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const reset = (dataDir: string, ...args: string[]) =>
  run("npx", ["tsx", "--conditions=@alliance-ledger/source", "scripts/reset.ts", ...args], {
    env: { ...process.env, ALLIANCE_DATA_DIR: dataDir },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe("npm run reset", () => {
  it("refuses to delete without confirmation, and deletes with --yes", async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), "reset-")), "data");
    await mkdir(join(dataDir, "chain"), { recursive: true });
    await writeFile(join(dataDir, "chain", "state.json"), "{}");
    const refused = await reset(dataDir);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining("without confirmation")]);
    expect((await stat(dataDir)).isDirectory()).toBe(true);
    expect((await reset(dataDir, "--yes")).code).toBe(0);
    await expect(stat(dataDir)).rejects.toThrow();
  }, 120_000);
});
