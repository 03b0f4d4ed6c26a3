import type { Signer } from "ethers";
import { id } from "ethers";
import { deployAlliance, type AllianceContracts } from "./deployAlliance.js";

export const ROLE_IDS = {
  secretariat: id("alliance.role.secretariat"),
  council: id("alliance.role.council"),
  auditor: id("alliance.role.auditor"),
  evaluationCommittee: id("alliance.role.evaluation-committee"),
} as const;

export interface MemberSpec {
  name: string;
  /** 0 university, 1 vocational college, 2 enterprise, 3 government body */
  kind: number;
  region: string;
  operator: string;
}

/**
 * Deploys an alliance whose single bootstrap key (`deployer`) holds every role with a council quorum
 * of one, then registers and admits `members` and completes the bootstrap (roles then change only by
 * council decision). For local chains, demos and benchmarks; a production
 * alliance admits members through its real council (docs/deploy.md).
 */
export async function bootstrapAlliance(
  deployer: Signer,
  members: readonly MemberSpec[],
  onProgress?: (done: number, total: number) => void,
): Promise<AllianceContracts> {
  const contracts = await deployAlliance(deployer, {
    documentHash: id("alliance charter v1"),
    version: 1,
    councilQuorum: 1,
  });
  const { registry } = contracts;
  const self = await deployer.getAddress();
  for (const role of Object.values(ROLE_IDS)) await (await registry.grantRole(role, self)).wait();
  const noCharter = { documentHash: `0x${"00".repeat(32)}`, version: 0, councilQuorum: 0, proposalLifetime: 0 };
  let memberId = Number(await registry.memberCount());
  for (const [i, m] of members.entries()) {
    await (await registry.registerApplicant(m.name, m.kind, m.region, m.operator)).wait();
    memberId += 1;
    await (await registry.propose(0, memberId, noCharter)).wait(); // Admit; quorum 1 executes at once
    onProgress?.(i + 1, members.length);
  }
  // From here on roles change only by council decision (here a council of one, quorum one).
  await (await registry.completeBootstrap()).wait();
  return contracts;
}
