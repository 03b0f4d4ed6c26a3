import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider } from "ethers";
import { afterEach, describe, expect, it } from "vitest";
import { blockNumber, killAll, pinnedDeployment, start, stop } from "./helpers/npmStart.js";
import { parseCredentialFile, verifyCredential } from "@alliance-ledger/sdk";

/** The demo's first BIT-CS201 student (accepted by its home school); file names carry no student reference. */
async function credentialStillVerifies(rpc: string, dataDir: string) {
  const file = parseCredentialFile(await readFile(join(dataDir, "credentials", "BIT-CS201-01.json"), "utf8"));
  const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true, batchMaxCount: 1 });
  const result = await verifyCredential(file, provider, await pinnedDeployment(dataDir));
  provider.destroy();
  return result;
}

/** `npm start` as a user runs it: a fresh data directory, then stops, restarts and a kill -9. */
afterEach(killAll);

describe("npm start", () => {
  it("seeds once, and keeps every record across a clean stop and a kill -9", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "alliance-data-"));
    const first = await start(dataDir);
    expect(first.output).toContain("first start: deploying the contracts and seeding the demo alliance");
    const deployment = await readFile(join(dataDir, "deployment.json"), "utf8");
    const seededBlock = await blockNumber(first.rpc);
    const ready = await fetch(`${first.api}/ready`);
    expect(ready.status).toBe(200);
    const health = (await (await fetch(`${first.api}/health`)).json()) as { blockNumber: number; chainId: number };
    expect(health).toMatchObject({ chainId: 31337, blockNumber: seededBlock });
    expect(((await (await fetch(`${first.api}/openapi.json`)).json()) as { openapi: string }).openapi).toBe("3.1.0");
    const keys = JSON.parse(await readFile(join(dataDir, "demo-api-keys.json"), "utf8"));
    const members = await fetch(`${first.api}/members`, { headers: { authorization: `Bearer ${keys.auditor}` } });
    expect(((await members.json()) as { total: number }).total).toBe(6);

    // A registrar submits a record through the API; the batcher anchors it; the credential verifies.
    const memberKey = Object.values(keys.members as Record<string, string>)[0];
    const submitted = await fetch(`${first.api}/attestations`, {
      method: "POST",
      headers: { authorization: `Bearer ${memberKey}`, "idempotency-key": "e2e-1", "content-type": "application/json" },
      body: JSON.stringify({
        records: [
          {
            homeId: 2,
            courseId: 1,
            term: 20261,
            credits: 3,
            studentRef: "E2E-1",
            grade: "A",
            completionDate: "2026-07-20",
          },
        ],
      }),
    });
    expect(submitted.status).toBe(202);
    const { ids } = (await submitted.json()) as { ids: string[] };
    let credential: Response | undefined;
    for (let i = 0; i < 50 && credential?.status !== 200; i++) {
      credential = await fetch(`${first.api}/attestations/${ids[0]}/credential`, {
        headers: { authorization: `Bearer ${memberKey}` },
      });
      if (credential.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(credential!.status).toBe(200);
    const provider = new JsonRpcProvider(first.rpc, undefined, { staticNetwork: true, batchMaxCount: 1 });
    expect(
      (await verifyCredential(parseCredentialFile(await credential!.text()), provider, await pinnedDeployment(dataDir)))
        .valid,
    ).toBe(true);
    provider.destroy();
    expect((await credentialStillVerifies(first.rpc, dataDir)).recognition?.status).toBe("recognised");
    // The gateway's books hold the demo's records and the new one; the audit of them against the chain passes.
    const audit = (await (
      await fetch(`${first.api}/audit/report`, { headers: { authorization: `Bearer ${keys.auditor}` } })
    ).json()) as { passed: boolean; discrepancies: unknown[]; counts: { attestations: number } };
    expect(audit.discrepancies).toEqual([]);
    expect(audit.counts.attestations).toBe(6 * 12 + 1);

    await stop(first.child, "SIGINT");
    const second = await start(dataDir);
    expect(second.output).not.toContain("first start");
    expect(await readFile(join(dataDir, "deployment.json"), "utf8")).toBe(deployment);
    expect(await blockNumber(second.rpc)).toBeGreaterThanOrEqual(seededBlock);
    const after = (await (await fetch(`${second.api}/health`)).json()) as { blockNumber: number };
    expect(after.blockNumber).toBeGreaterThanOrEqual(seededBlock); // the chain never goes back
    expect(JSON.parse(await readFile(join(dataDir, "demo-api-keys.json"), "utf8"))).toEqual(keys); // keys kept, not reissued
    expect((await credentialStillVerifies(second.rpc, dataDir)).valid).toBe(true);

    await new Promise((r) => setTimeout(r, 1_500)); // one state flush interval
    await stop(second.child, "SIGKILL");
    const third = await start(dataDir);
    expect(third.output).not.toContain("first start");
    expect(await blockNumber(third.rpc)).toBeGreaterThanOrEqual(seededBlock);
    expect((await credentialStillVerifies(third.rpc, dataDir)).valid).toBe(true);
    await stop(third.child, "SIGINT");
  }, 300_000);
  it("refuses, with what to do, a data directory from before the gateway directory and the charter terms", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "alliance-old-data-"));
    const old = {
      chainId: 31337,
      deployedAtBlock: 0,
      addresses: {
        registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        catalog: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        creditLedger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        costLedger: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        forwarder: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      },
    };
    await writeFile(join(dataDir, "deployment.json"), JSON.stringify(old));
    const refused = await start(dataDir).then(
      () => "started",
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/exited with 1/);
    expect(refused).toMatch(/older Alliance Ledger.*\n.*npm run reset/s);
  });
});
