import { id } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import { devWallet, type LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { checkForwardRequest } from "./checkForwardRequest.js";
import { ForwardRequestRefusedError } from "./forwardRequest.js";
import { signForwardRequest } from "./signForwardRequest.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

const anchor = (root: string) => ({ contract: "creditLedger" as const, method: "anchorBatch", args: [id(root), 4] });

describe("checkForwardRequest", () => {
  it("passes a request the forwarder and the contract would take", async () => {
    const request = await signForwardRequest(alliance.reader, devWallet(1, alliance.provider), anchor("a"));
    await expect(checkForwardRequest(alliance.secretariat, request)).resolves.toBeUndefined();
  });

  it("refuses with a reason: another target, an expired request, a signature not the sender's", async () => {
    const member = devWallet(1, alliance.provider);
    const request = await signForwardRequest(alliance.reader, member, anchor("b"));
    const reasonOf = (r: typeof request) =>
      checkForwardRequest(alliance.secretariat, r).catch((e: unknown) => {
        expect(e).toBeInstanceOf(ForwardRequestRefusedError);
        return (e as ForwardRequestRefusedError).reason;
      });
    expect(await reasonOf({ ...request, to: alliance.reader.addresses.forwarder })).toBe("target");
    expect(await reasonOf({ ...request, from: devWallet(2, alliance.provider).address })).toBe("signature");
    expect(await reasonOf({ ...request, nonce: "1" })).toBe("nonce");
    const expired = await signForwardRequest(alliance.reader, member, { ...anchor("c"), validForSeconds: -10 });
    expect(await reasonOf(expired)).toBe("expired");
  });

  it("simulates the inner call, so the contract's refusal comes back by name", async () => {
    const outsider = devWallet(4, alliance.provider);
    const request = await signForwardRequest(alliance.reader, outsider, anchor("d"));
    await expect(checkForwardRequest(alliance.secretariat, request)).rejects.toBeInstanceOf(
      contractErrors.RegistryUnknownOperator,
    );
  });
});
