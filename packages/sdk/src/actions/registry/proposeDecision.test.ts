import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import type { LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { getMember } from "./getMember.js";
import { listMembers } from "./listMembers.js";
import { ProposalAction, proposeDecision } from "./proposeDecision.js";
import { MemberKind, registerApplicant } from "./registerApplicant.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("proposeDecision", () => {
  it("admits, recovers the key of and withdraws a member, each executed at once under a quorum of one", async () => {
    const { secretariat } = alliance;
    const firstKey = "0x000000000000000000000000000000000000cafE";
    const { memberId } = await registerApplicant(secretariat, {
      name: "Hebei University",
      kind: MemberKind.University,
      region: "Hebei",
      operator: firstKey,
    });
    const admitted = await proposeDecision(secretariat, { action: ProposalAction.Admit, memberId });
    expect(admitted.executed).toBe(true);
    expect((await getMember(secretariat, { memberId })).status).toBe("active");
    expect((await listMembers(secretariat)).map((m) => m.memberId)).toEqual([1, 2, 3, 4]);

    // A lost key is recovered by the council, never by the secretariat alone (see rotateOperatorKey).
    const fresh = "0x000000000000000000000000000000000000bEEF";
    const recovered = await proposeDecision(secretariat, {
      action: ProposalAction.RecoverKey,
      memberId,
      account: fresh,
    });
    expect(recovered).toMatchObject({ executed: true, proposalId: admitted.proposalId + 1n });
    expect((await getMember(secretariat, { memberId })).operators).toEqual([firstKey, fresh]);

    await proposeDecision(secretariat, { action: ProposalAction.Withdraw, memberId });
    expect((await getMember(secretariat, { memberId })).status).toBe("withdrawn");
  });

  it("is refused a transition the member's status does not allow, and to a key that is no councillor's", async () => {
    const refused = proposeDecision(alliance.secretariat, { action: ProposalAction.Reinstate, memberId: 1 });
    await expect(refused).rejects.toBeInstanceOf(contractErrors.RegistryInvalidTransition);
    await expect(refused).rejects.toMatchObject({ errorName: "RegistryInvalidTransition", args: { memberId: 1n } });
    await expect(
      proposeDecision(alliance.members[0], { action: ProposalAction.Suspend, memberId: 2 }),
    ).rejects.toBeInstanceOf(contractErrors.RegistryMissingRole);
  });
});
