import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import { devWallet, type LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { getMember } from "./getMember.js";
import { MemberKind, registerApplicant } from "./registerApplicant.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("registerApplicant", () => {
  it("registers an applicant as a pending member with its first operator key", async () => {
    const operator = "0x000000000000000000000000000000000000cafE";
    const { memberId } = await registerApplicant(alliance.secretariat, {
      name: "Hebei University",
      kind: MemberKind.University,
      region: "Hebei",
      operator,
    });
    expect(memberId).toBe(4);
    expect(await getMember(alliance.reader, { memberId })).toMatchObject({
      name: "Hebei University",
      region: "Hebei",
      kind: MemberKind.University,
      status: "pending",
      operators: [operator],
    });
  });

  it("is refused to a member without the secretariat role, and a key already in use", async () => {
    const applicant = { name: "X", kind: MemberKind.Enterprise, region: "Y" };
    await expect(
      registerApplicant(alliance.members[0], { ...applicant, operator: "0x000000000000000000000000000000000000bEEF" }),
    ).rejects.toBeInstanceOf(contractErrors.RegistryMissingRole);
    const used = devWallet(2, alliance.provider).address;
    await expect(registerApplicant(alliance.secretariat, { ...applicant, operator: used! })).rejects.toBeInstanceOf(
      contractErrors.RegistryOperatorAlreadyUsed,
    );
  });
});
