import { usage } from "./args.js";
import { formatBps } from "./units.js";

/** `1:5000,2:3000,3:2000` as shares; a usage error names the pair that is not one, or the wrong sum. */
export function parseShares(text: string, flag = "--shares") {
  const shares = text.split(",").map((pair) => {
    const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(pair);
    if (!m) usage(`${flag} takes memberId:basisPoints pairs, e.g. 1:5000,2:3000,3:2000; "${pair}" is not one`);
    return { memberId: Number(m[1]), shareBps: Number(m[2]) };
  });
  const sum = shares.reduce((s, x) => s + x.shareBps, 0);
  if (sum !== 10_000) usage(`${flag} must add up to 10000 basis points; these add up to ${sum}`);
  return shares;
}

/** Shares for people: "北京理工 40%, 北京交通 35%" with a name lookup. */
export const describeShares = (
  shares: ReadonlyArray<{ memberId: number; shareBps: number }>,
  member: (id: number) => string,
) => shares.map((s) => `${member(s.memberId)} ${formatBps(s.shareBps)}`).join(", ");
