import { JsonRpcProvider, type Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { CustodialKeyError, loadCustodialSigners, storeCustodialKey } from "./custodialKeys.js";
import { bothDatabases } from "../testing/bothDatabases.js";

const addresses = {
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  catalog: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  creditLedger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  costLedger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  forwarder: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
};
const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

describe.each(bothDatabases("gateway_custody_test"))("custodial keys on %s", (_name, makeDb) => {
  let db: Database;
  let drop: () => Promise<void>;
  const provider = new JsonRpcProvider("http://127.0.0.1:9", undefined, { staticNetwork: true });
  beforeAll(async () => {
    ({ db, drop } = await makeDb());
    await migrate(db);
  });
  afterAll(async () => {
    provider.destroy();
    await drop();
  });

  it("stores keys encrypted at rest and signs with them after decrypting with the passphrase", async () => {
    const { address } = await storeCustodialKey(db, {
      memberId: 1,
      passphrase: "correct horse",
      privateKey: KEY,
      scryptN: 1 << 10,
    });
    const generated = await storeCustodialKey(db, { memberId: 2, passphrase: "correct horse", scryptN: 1 << 10 });
    const rows = await db.query<{ keystore: string }>("t", "SELECT keystore FROM custodial_keys");
    for (const r of rows) expect(r.keystore).not.toContain(KEY.slice(2));
    const signers = await loadCustodialSigners(db, { passphrase: "correct horse", provider, addresses });
    expect(await (signers.get(1)!.runner as unknown as Wallet).getAddress()).toBe(address);
    expect(await (signers.get(2)!.runner as unknown as Wallet).getAddress()).toBe(generated.address);
  });

  it("refuses to start with the wrong passphrase", async () => {
    await expect(loadCustodialSigners(db, { passphrase: "wrong", provider, addresses })).rejects.toBeInstanceOf(
      CustodialKeyError,
    );
  });
});
