import { expect } from "chai";
import { network } from "hardhat";
import { id } from "ethers";
import { A, deployFixture } from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);

const FORWARD_REQUEST = {
  ForwardRequest: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "gas", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint48" },
    { name: "data", type: "bytes" },
  ],
};

describe("AllianceForwarder (self-custody through a relayer)", () => {
  async function signedAnchor(f: Awaited<ReturnType<typeof fixture>>, root: string) {
    const { chainId } = await ethers.provider.getNetwork();
    const domain = {
      name: "AllianceLedgerForwarder",
      version: "1",
      chainId,
      verifyingContract: await f.forwarder.getAddress(),
    };
    const request = {
      from: f.opA.address,
      to: await f.creditLedger.getAddress(),
      value: 0n,
      gas: 200_000n,
      nonce: await f.forwarder.nonces(f.opA.address),
      // A fixed deadline (not "now + 1 h"): the signed bytes, and so the gas snapshot, stay the same on every run.
      deadline: 2n ** 47n,
      data: f.creditLedger.interface.encodeFunctionData("anchorBatch", [root, 5]),
    };
    const signature = await f.opA.signTypedData(domain, FORWARD_REQUEST, request);
    return { ...request, signature };
  }

  it("lets a relayer submit a member's signed request; the ledger sees the member", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const root = id("relayed batch");
    const request = await signedAnchor(f, root);
    // The outsider relays: it pays nothing on a zero-gas network and gains no authority.
    await expect(f.forwarder.connect(f.outsider).execute(request))
      .to.emit(f.creditLedger, "BatchAnchored")
      .withArgs(root, A, 5, f.opA.address);
    expect((await f.creditLedger.batch(A, root)).issuerId).to.equal(A);
  });

  it("refuses a request whose signature is not the claimed member's", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const request = await signedAnchor(f, id("forged"));
    const forged = { ...request, from: f.opB.address };
    await expect(f.forwarder.connect(f.outsider).execute(forged)).to.be.revertedWithCustomError(
      f.forwarder,
      "ERC2771ForwarderInvalidSigner",
    );
  });
});
