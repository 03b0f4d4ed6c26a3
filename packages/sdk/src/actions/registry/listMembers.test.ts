import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devWallet, type LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { listMembers } from "./listMembers.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("listMembers", () => {
  it("lists every member in registration order, each with its key", async () => {
    const members = await listMembers(alliance.reader);
    expect(members.map((m) => [m.memberId, m.name, m.status])).toEqual([
      [1, "Member 1", "active"],
      [2, "Member 2", "active"],
      [3, "Member 3", "active"],
    ]);
    const keys = alliance.members.map((_, i) => devWallet(i + 1, alliance.provider).address);
    expect(members.map((m) => m.operators)).toEqual(keys.map((k) => [k]));
  });
});
