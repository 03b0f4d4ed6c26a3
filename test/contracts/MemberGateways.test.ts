import { expect } from "chai";
import { id, Wallet } from "ethers";
import { network } from "hardhat";
import { deployFixture } from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);

describe("MemberGateways", () => {
  it("publishes a member's gateway for its own member, and closes the previous window on rotation", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const gw = f.memberGateways;
    await expect(gw.currentGateway(1)).to.be.revertedWithCustomError(gw, "GatewaysNoEntry").withArgs(1);
    await expect(gw.connect(f.opA).setGateway("https://gw.bit.edu.cn", id("sign-1"), id("enc-1")))
      .to.emit(gw, "GatewaySet")
      .withArgs(1, 0, "https://gw.bit.edu.cn", id("sign-1"), id("enc-1"), f.opA.address);
    const first = await ethers.provider.getBlockNumber();
    await networkHelpers.mine(3);
    // Another key of the same member rotates: the old entry keeps its window, closed at this block.
    await f.registry.connect(f.opA).addOperator(1, f.opA2.address);
    await gw.connect(f.opA2).setGateway("https://gw2.bit.edu.cn", id("sign-2"), id("enc-2"));
    const second = await ethers.provider.getBlockNumber();
    const entries = await gw.gatewayEntries(1);
    expect(entries.map((e) => [e.url, Number(e.validFromBlock), Number(e.validUntilBlock)])).to.deep.equal([
      ["https://gw.bit.edu.cn", first, second],
      ["https://gw2.bit.edu.cn", second, 0],
    ]);
    expect((await gw.currentGateway(1)).signingKey).to.equal(id("sign-2"));
    // A request signed with the old key is judged by the window it was made in.
    expect(await gw.signingKeyValidAt(1, id("sign-1"), first + 1)).to.equal(true);
    expect(await gw.signingKeyValidAt(1, id("sign-1"), second)).to.equal(false);
    expect(await gw.signingKeyValidAt(1, id("sign-2"), second)).to.equal(true);
    expect(await gw.signingKeyValidAt(2, id("sign-2"), second)).to.equal(false); // not member 2's key
  });

  it("never takes a key twice, by the same member or another, and refuses bad URLs and keys", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const gw = f.memberGateways;
    await gw.connect(f.opA).setGateway("https://a.example", id("sign-a"), id("enc-a"));
    // Member B cannot publish A's keys as its own (its requests would pass for A's, or A's records reach B).
    await expect(gw.connect(f.opB).setGateway("https://b.example", id("sign-a"), id("enc-b")))
      .to.be.revertedWithCustomError(gw, "GatewaysKeyReused")
      .withArgs(id("sign-a"));
    await expect(gw.connect(f.opB).setGateway("https://b.example", id("sign-b"), id("enc-a")))
      .to.be.revertedWithCustomError(gw, "GatewaysKeyReused")
      .withArgs(id("enc-a"));
    await expect(gw.connect(f.opA).setGateway("https://a2.example", id("sign-a"), id("enc-a2")))
      .to.be.revertedWithCustomError(gw, "GatewaysKeyReused")
      .withArgs(id("sign-a"));
    for (const url of ["", "ftp://x.example", "javascript:alert(1)", `https://${"a".repeat(250)}.cn`])
      await expect(gw.connect(f.opB).setGateway(url, id("s"), id("e"))).to.be.revertedWithCustomError(
        gw,
        "GatewaysInvalidUrl",
      );
    await expect(
      gw.connect(f.opB).setGateway("http://127.0.0.1:3001", id("same"), id("same")),
    ).to.be.revertedWithCustomError(gw, "GatewaysInvalidKey");
    await expect(
      gw.connect(f.opB).setGateway("http://127.0.0.1:3001", `0x${"00".repeat(32)}`, id("e")),
    ).to.be.revertedWithCustomError(gw, "GatewaysInvalidKey");
    await gw.connect(f.opB).setGateway("http://127.0.0.1:3001", id("sign-b"), id("enc-b"));
    expect((await gw.currentGateway(2)).url).to.equal("http://127.0.0.1:3001");
  });

  it("lets a member that lost its keys publish again once the council recovers one", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const gw = f.memberGateways;
    await gw.connect(f.opC).setGateway("https://c.example", id("sign-c"), id("enc-c"));
    // A fixed key: a random address would change the calldata's gas, and the gas snapshot with it.
    const fresh = new Wallet(id("member 3's recovered key"), ethers.provider);
    await networkHelpers.setBalance(fresh.address, 10n ** 18n);
    await expect(gw.connect(fresh).setGateway("https://c2.example", id("sign-c2"), id("enc-c2")))
      .to.be.revertedWithCustomError(f.registry, "RegistryUnknownOperator")
      .withArgs(fresh.address);
    await f.registry.connect(f.council[0]).proposeKeyRecovery(3, fresh.address);
    await f.registry.connect(f.council[1]).approve(await f.registry.proposalCount());
    await gw.connect(fresh).setGateway("https://c2.example", id("sign-c2"), id("enc-c2"));
    expect((await gw.gatewayEntries(3)).map((e) => e.url)).to.deep.equal(["https://c.example", "https://c2.example"]);
  });
});
