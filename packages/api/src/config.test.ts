import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("gateway configuration", () => {
  it("fills in defaults, with the embedded database under the data directory", () => {
    const c = loadConfig({ ALLIANCE_DATA_DIR: "/srv/alliance" });
    expect(c).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      sqlitePath: "/srv/alliance/gateway.sqlite",
      deploymentPath: "/srv/alliance/deployment.json",
      batchIntervalMs: 2_000,
      batchMax: 4_096,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.relayerKey).toBeUndefined();
  });

  it("stops on each wrong setting with a line saying what was expected, and never echoes a key", () => {
    const secret = `0x${"ab".repeat(31)}`;
    let message = "";
    try {
      loadConfig({
        ALLIANCE_RPC_URL: "localhost:8545",
        ALLIANCE_API_PORT: "99999",
        DATABASE_URL: "mysql://x",
        ALLIANCE_KEY_PASSPHRASE: "short",
        ALLIANCE_RELAYER_KEY: secret,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      "ALLIANCE_RPC_URL",
      "ALLIANCE_API_PORT",
      "DATABASE_URL",
      "ALLIANCE_KEY_PASSPHRASE",
      "ALLIANCE_RELAYER_KEY",
    ])
      expect(message).toContain(name);
    expect(message).toContain("0x and 64 hex digits");
    expect(message).not.toContain(secret);
  });
});
