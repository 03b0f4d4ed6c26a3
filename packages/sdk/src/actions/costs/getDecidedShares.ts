import { AbiCoder, keccak256, ZeroHash } from "ethers";
import type { AllianceClient } from "../../client/createAllianceClient.js";
import { BaseError } from "../../errors/BaseError.js";
import { withDecodedErrors } from "../../errors/contractErrors.js";
import { findLog } from "../../node/logRanges.js";

export type GetDecidedSharesParameters = { periodId: number };
/** The shares a period opens with, whose they are (its own decision, or the charter's) and the decision. */
export type GetDecidedSharesReturnType = {
  source: "period" | "charter";
  proposalId: bigint;
  shares: Array<{ memberId: number; shareBps: number }>;
} | null;

/** The hash the registry keeps for decided shares: keccak256(abi.encode(uint32[], uint16[])). */
export function sharesHashOf(shares: ReadonlyArray<{ memberId: number; shareBps: number }>): string {
  const sorted = [...shares].sort((a, b) => a.memberId - b.memberId);
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["uint32[]", "uint16[]"],
      [sorted.map((s) => s.memberId), sorted.map((s) => s.shareBps)],
    ),
  );
}

/**
 * The investment shares the council decided for a period: its own, else the charter's; null when the
 * council decided none. The registry keeps only their hash; the lists come from the decision's
 * `SharesProposed` log and are checked against that hash, so a node cannot substitute others.
 *
 * @example
 * const decided = await getDecidedShares(reader, { periodId: Number(await reader.costLedger.periodCount()) + 1 });
 */
export async function getDecidedShares(
  client: AllianceClient,
  parameters: GetDecidedSharesParameters,
): Promise<GetDecidedSharesReturnType> {
  return withDecodedErrors(async () => {
    const hash = await client.registry.decidedSharesHash(parameters.periodId);
    if (hash === ZeroHash) return null;
    const head = await client.provider.getBlockNumber();
    for (const periodId of [parameters.periodId, 0]) {
      const decidedFilter = client.registry.filters.SharesDecided(undefined, periodId);
      // The newest decision is the one in force: read back from the chain's head, range by range.
      const latest = await findLog(
        (from, to) => client.registry.queryFilter(decidedFilter, from, to),
        0,
        head,
        (d) => d.args.sharesHash === hash,
        { last: true },
      );
      if (!latest) continue;
      // The lists were logged when the decision was proposed, in the block the registry keeps for it.
      const at = Number((await client.registry.proposal(latest.args.proposalId)).proposedAtBlock);
      const proposed = await client.registry.queryFilter(
        client.registry.filters.SharesProposed(latest.args.proposalId),
        at,
        at,
      );
      const ids = proposed[0]?.args.memberIds ?? [];
      const bps = proposed[0]?.args.sharesBps ?? [];
      const shares = ids.map((m, i) => ({
        memberId: Number(m),
        shareBps: Number(bps[i]),
      }));
      if (sharesHashOf(shares) !== hash) break;
      return {
        source: periodId === 0 ? "charter" : "period",
        proposalId: latest.args.proposalId,
        shares,
      };
    }
    throw new BaseError(`The shares decided for period ${parameters.periodId} are not in the node's logs.`, {
      details: [`decided hash ${hash}`],
    });
  });
}
