import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BaseError } from "../../errors/BaseError.js";
import { contractErrors } from "../../errors/contractErrors.js";
import { devWallet, type LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { ForwardRequestRefusedError } from "./forwardRequest.js";
import { relayForwardRequest } from "./relayForwardRequest.js";
import { signForwardRequest } from "./signForwardRequest.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("relayForwardRequest", () => {
  it("submits a member's signed call; the contract sees the member, not the relayer", async () => {
    const request = await signForwardRequest(alliance.reader, devWallet(1, alliance.provider), {
      contract: "creditLedger",
      method: "anchorBatch",
      args: [id("batch"), 4],
    });
    const { blockNumber } = await relayForwardRequest(alliance.secretariat, request);
    expect(blockNumber).toBeGreaterThan(0);
    const batch = await alliance.reader.creditLedger.batch(1, id("batch"));
    expect([batch.issuerId, batch.count]).toEqual([1n, 4n]);
    // The nonce is spent: the same request again is refused before it is sent.
    await expect(relayForwardRequest(alliance.secretariat, request)).rejects.toMatchObject({
      name: "ForwardRequestRefusedError",
      reason: "nonce",
    });
  });

  it("refuses a call the contract would refuse, by the contract's error name", async () => {
    const request = await signForwardRequest(alliance.reader, devWallet(2, alliance.provider), {
      contract: "creditLedger",
      method: "anchorBatch",
      args: [id("empty"), 0],
    });
    const error = await relayForwardRequest(alliance.secretariat, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(contractErrors.CreditLedgerEmptyBatch);
    expect(error).not.toBeInstanceOf(ForwardRequestRefusedError);
    expect(error).toBeInstanceOf(BaseError);
  });
});
