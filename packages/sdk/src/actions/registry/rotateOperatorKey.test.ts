import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import { devWallet, type LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { getMember } from "./getMember.js";
import { rotateOperatorKey } from "./rotateOperatorKey.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("rotateOperatorKey", () => {
  it("adds the new key before retiring the old one", async () => {
    const old = devWallet(2, alliance.provider).address;
    const fresh = devWallet(9, alliance.provider).address;
    const { transactionHashes } = await rotateOperatorKey(alliance.members[1], {
      memberId: 2,
      add: fresh,
      remove: old,
    });
    expect(transactionHashes).toHaveLength(2);
    expect((await getMember(alliance.reader, { memberId: 2 })).operators).toEqual([fresh]);
  });

  it("is refused to another member's key, to the secretariat, and for a member's last key", async () => {
    const { members, secretariat } = alliance;
    const own = devWallet(1, alliance.provider).address;
    const fresh = "0x000000000000000000000000000000000000bEEF";
    await expect(rotateOperatorKey(members[2], { memberId: 1, add: fresh })).rejects.toBeInstanceOf(
      contractErrors.RegistryNotOperatorOf,
    );
    // A lost key is recovered by the council (proposeDecision with RecoverKey), never by the secretariat alone.
    await expect(rotateOperatorKey(secretariat, { memberId: 1, add: fresh })).rejects.toBeInstanceOf(
      contractErrors.RegistryUnknownOperator,
    );
    await expect(rotateOperatorKey(members[0], { memberId: 1, remove: own })).rejects.toBeInstanceOf(
      contractErrors.RegistryLastOperator,
    );
  });
});
