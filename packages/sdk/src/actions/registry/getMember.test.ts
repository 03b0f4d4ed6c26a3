import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devWallet, type LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { getMember } from "./getMember.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("getMember", () => {
  it("reads a member with its status by name and its current keys", async () => {
    const operator = devWallet(1, alliance.provider).address;
    expect(await getMember(alliance.reader, { memberId: 1 })).toMatchObject({
      memberId: 1,
      name: "Member 1",
      region: "Test",
      status: "active",
      operators: [operator],
    });
  });

  it("decodes an unknown member into RegistryUnknownMember", async () => {
    await expect(getMember(alliance.reader, { memberId: 99 })).rejects.toMatchObject({
      name: "RegistryUnknownMemberError",
      args: { memberId: 99n },
    });
  });
});
