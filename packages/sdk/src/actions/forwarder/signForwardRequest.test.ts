import { id, verifyTypedData } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BaseError } from "../../errors/BaseError.js";
import { devWallet, type LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { FORWARD_REQUEST_TYPES, forwarderDomain } from "./forwardRequest.js";
import { signForwardRequest } from "./signForwardRequest.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("signForwardRequest", () => {
  it("signs the call with the member's key over the forwarder's domain and the key's next nonce", async () => {
    const member = devWallet(1, alliance.provider);
    const request = await signForwardRequest(alliance.reader, member, {
      contract: "creditLedger",
      method: "anchorBatch",
      args: [id("root"), 4],
    });
    expect(request).toMatchObject({
      from: member.address,
      to: alliance.reader.addresses.creditLedger,
      value: "0",
      gas: "1000000",
      nonce: "0",
    });
    const { signature, ...signed } = request;
    expect(verifyTypedData(await forwarderDomain(alliance.reader), FORWARD_REQUEST_TYPES, signed, signature)).toBe(
      member.address,
    );
    const decoded = alliance.reader.creditLedger.interface.decodeFunctionData("anchorBatch", request.data);
    expect([...decoded]).toEqual([id("root"), 4n]);
  });

  it("refuses a method the contract does not have before signing", async () => {
    await expect(
      signForwardRequest(alliance.reader, devWallet(1, alliance.provider), {
        contract: "creditLedger",
        method: "anchorBatches",
        args: [],
      }),
    ).rejects.toBeInstanceOf(BaseError);
  });
});
