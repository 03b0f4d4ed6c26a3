import { readFile, stat } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeRlp, SigningKey, Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { generateBesuNetwork } from "./generateBesuNetwork.js";

describe("generateBesuNetwork", () => {
  it("writes a QBFT genesis with the validators in extraData, Cancun at genesis and free gas", async () => {
    const dir = await mkdtemp(join(tmpdir(), "besu-"));
    const nodeKeys = Array.from({ length: 4 }, () => Wallet.createRandom().privateKey);
    const { nodes } = await generateBesuNetwork({
      validators: 4,
      chainId: 20261,
      dir,
      nodeKeys,
      registryAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    });

    const genesis = JSON.parse(await readFile(join(dir, "genesis.json"), "utf8"));
    expect(genesis.config).toMatchObject({
      chainId: 20261,
      londonBlock: 0,
      shanghaiTime: 0,
      cancunTime: 0,
      zeroBaseFee: true,
      qbft: { epochlength: 30000 },
    });
    const [, validators] = decodeRlp(genesis.extraData) as [string, string[]];
    const expected = nodeKeys.map((k) => new Wallet(k).address.toLowerCase()).sort();
    expect(validators).toEqual(expected);

    for (const [i, node] of nodes.entries()) {
      const key = (await readFile(join(dir, node.name, "key"), "utf8")).trim();
      expect(`0x${key}`).toBe(nodeKeys[i]);
      expect(((await stat(join(dir, node.name, "key"))).mode & 0o777).toString(8)).toBe("600");
      expect(node.enode).toBe(`enode://${new SigningKey(nodeKeys[i]).publicKey.slice(4)}@127.0.0.1:${30303 + i}`);
      const permissions = await readFile(join(dir, node.name, "permissions_config.toml"), "utf8");
      expect(permissions).toContain(`accounts-allowlist=[`);
      expect(permissions).toContain(node.enode);
      expect(await readFile(join(dir, node.name, "config.toml"), "utf8")).toContain("min-gas-price=0");
    }
    expect(JSON.parse(await readFile(join(dir, "static-nodes.json"), "utf8"))).toEqual(nodes.map((n) => n.enode));
  });

  it("refuses a network without validators", async () => {
    await expect(generateBesuNetwork({ validators: 0, chainId: 1, dir: tmpdir() })).rejects.toThrow(RangeError);
  });
});
