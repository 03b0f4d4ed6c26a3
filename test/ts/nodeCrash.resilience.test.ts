import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider } from "ethers";
import { afterEach, describe, expect, it } from "vitest";
import { parseCredentialFile, verifyCredential } from "@alliance-ledger/sdk";
import { killAll, killNode, pinnedDeployment, start, stop, waitForLog } from "./helpers/npmStart.js";

afterEach(killAll);

/**
 * The node dies (kill -9, between its state flushes) in the middle of a term's submissions. npm start's
 * supervisor brings it back from its last saved state and the gateway re-anchors what it lost; then the
 * whole stack is killed and started again. Each time, every record the gateway acknowledged is
 * anchored exactly once and verifiable, and the audit of the gateway's books against the chain passes.
 */
describe("kill -9 of the node mid-scenario", () => {
  it("loses nothing the gateway acknowledged", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "alliance-node-crash-"));
    const first = await start(dataDir);
    const keys = JSON.parse(await readFile(join(dataDir, "demo-api-keys.json"), "utf8"));
    /** Every acknowledged record's credential downloads and (one in 20) verifies; the audit of the books passes. */
    const everyRecordVerifies = async (api: string, rpc: string, expected: number) => {
      expect(acknowledged).toHaveLength(expected);
      const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true, batchMaxCount: 1 });
      const issuerKey = (id: string) => memberKeys[Math.floor(acknowledged.indexOf(id) / 20) % memberKeys.length];
      for (const id of acknowledged) {
        let res: Response | undefined;
        for (let i = 0; i < 100 && res?.status !== 200; i++) {
          res = await fetch(`${api}/attestations/${id}/credential`, {
            headers: { authorization: `Bearer ${issuerKey(id)}` },
          });
          if (res.status !== 200) await new Promise((r) => setTimeout(r, 200));
        }
        expect(res!.status, `record ${id}`).toBe(200);
        if (acknowledged.indexOf(id) % 20 === 0) {
          const v = await verifyCredential(
            parseCredentialFile(await res!.text()),
            provider,
            await pinnedDeployment(dataDir),
          );
          if (!v.valid)
            console.log(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x)).slice(0, 1500));
          expect(v.valid).toBe(true);
        }
      }
      provider.destroy();
      // Exactly once: the audit replays every BatchAnchored and finds each acknowledged record in exactly one batch.
      const audit = (await (
        await fetch(`${api}/audit/report`, { headers: { authorization: `Bearer ${keys.auditor}` } })
      ).json()) as { discrepancies: unknown[]; counts: { attestations: number } };
      expect(audit.discrepancies).toEqual([]);
      expect(audit.counts.attestations).toBe(6 * 12 + expected);
    };
    const memberKeys = Object.values(keys.members as Record<string, string>);
    const acknowledged: string[] = [];
    const submit = async (api: string, round: number) => {
      const issuer = round % memberKeys.length;
      const records = Array.from({ length: 20 }, (_, i) => ({
        homeId: ((issuer + 1) % 6) + 1,
        courseId: issuer + 1,
        term: 20262,
        credits: 1.5,
        studentRef: `CRASH-${round}-${i}`,
        grade: "B",
        completionDate: "2026-12-18",
      }));
      const res = await fetch(`${api}/attestations`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${memberKeys[issuer]}`,
          "idempotency-key": `crash-${round}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ records }),
      });
      if (res.status === 202) acknowledged.push(...((await res.json()) as { ids: string[] }).ids);
      return res.status;
    };

    // Rounds 0-3 are acknowledged; the node is killed without warning the moment the batcher has
    // anchored round 3 (so most likely before its next 1 s state flush); rounds 4-5 arrive while it is down.
    for (let round = 0; round < 4; round++) expect(await submit(first.api, round)).toBe(202);
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${first.api}/attestations/${acknowledged[60]}/credential`, {
        headers: { authorization: `Bearer ${memberKeys[3]}` },
      });
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const killedAt = first.log().length;
    killNode(first.child);
    for (let round = 4; round < 6; round++) expect(await submit(first.api, round)).toBe(202);

    // npm start's supervisor restarts the node from its last saved state; the gateway re-anchors what it lost.
    await waitForLog(first, "the chain node is back", 60_000, killedAt);
    console.log(
      `after the node's kill -9: ${/the chain had lost \d+ anchored batch/.exec(first.log())?.[0] ?? "the node had kept every anchored batch"}`,
    );
    await everyRecordVerifies(first.api, first.rpc, 120);

    // And with the whole stack killed too and started again, nothing is lost either.
    await stop(first.child, "SIGKILL");
    const second = await start(dataDir);
    await everyRecordVerifies(second.api, second.rpc, 120);
    await stop(second.child, "SIGINT");
  }, 180_000);
});
