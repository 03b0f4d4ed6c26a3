import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractErrors } from "../../errors/contractErrors.js";
import { devWallet, type LocalAlliance } from "../../testing/startLocalAlliance.js";
import { startActionsAlliance } from "../testing/actionsAlliance.js";
import { ROLE_IDS } from "../../deploy/bootstrapAlliance.js";
import { approveDecision } from "./approveDecision.js";
import { getMember } from "./getMember.js";
import { ProposalAction, proposeDecision } from "./proposeDecision.js";

let alliance: LocalAlliance;
beforeAll(async () => {
  alliance = await startActionsAlliance();
});
afterAll(async () => alliance?.stop());

describe("approveDecision", () => {
  it("executes a proposal once the approvals of councillors in office reach the quorum", async () => {
    const { secretariat, members, reader } = alliance;
    const councillor = devWallet(1, alliance.provider).address;
    await proposeDecision(secretariat, {
      action: ProposalAction.GrantRole,
      role: ROLE_IDS.council,
      account: councillor,
    });
    const charter = await reader.registry.charter();
    const amended = await proposeDecision(secretariat, {
      action: ProposalAction.AmendCharter,
      charter: {
        documentHash: charter.documentHash,
        version: Number(charter.version) + 1,
        councilQuorum: 2,
        proposalLifetime: Number(charter.proposalLifetime),
      },
    });
    expect(amended.executed).toBe(true);

    const suspend = await proposeDecision(secretariat, { action: ProposalAction.Suspend, memberId: 3 });
    expect(suspend.executed).toBe(false);
    expect((await getMember(reader, { memberId: 3 })).status).toBe("active");
    expect(await approveDecision(members[0], { proposalId: suspend.proposalId })).toMatchObject({
      executed: true,
      approvals: 2,
    });
    expect((await getMember(reader, { memberId: 3 })).status).toBe("suspended");
  });

  it("is refused for a proposal that executed already and one that does not exist", async () => {
    const { proposalId } = await proposeDecision(alliance.secretariat, {
      action: ProposalAction.Reinstate,
      memberId: 3,
    });
    await approveDecision(alliance.members[0], { proposalId });
    await expect(approveDecision(alliance.secretariat, { proposalId })).rejects.toBeInstanceOf(
      contractErrors.RegistryProposalExecuted,
    );
    await expect(approveDecision(alliance.secretariat, { proposalId: 999n })).rejects.toBeInstanceOf(
      contractErrors.RegistryUnknownProposal,
    );
  });
});
