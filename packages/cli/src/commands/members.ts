import type { Command } from "commander";
import { gatewayOptions, positiveInt, printResult, printRows, usage, withGateway, type GatewayOptions } from "../gateway.js";

const KINDS = ["university", "vocationalCollege", "enterprise", "governmentBody"] as const;
const DECISIONS = ["admit", "suspend", "reinstate", "withdraw"] as const;

/**
 * `alliance members ...` and `alliance proposals ...`: the secretariat registers applicants, the
 * council decides (admit, suspend, reinstate, withdraw), a school rotates its operator keys.
 */
export function registerMemberCommands(program: Command) {
  const members = program.command("members").description("members, their keys, and the council's decisions about them");

  gatewayOptions(members.command("list").description("list members").option("--status <status>", "pending | active | suspended | withdrawn")).action(async (o: GatewayOptions & { status?: string }) => {
    const page = await withGateway(o, (g) => g.listMembers({ status: o.status, limit: 500 }));
    printRows(program, page.items.map((m) => ({ ...m, operators: (m as { operators?: string[] }).operators?.join(" ") })), ["memberId", "name", "status", "operators"], { total: page.total });
  });

  gatewayOptions(
    members
      .command("register")
      .description("secretariat: register an applicant school (Pending until the council admits it)")
      .requiredOption("--name <name>", "the school's name")
      .requiredOption("--kind <kind>", KINDS.join(" | "))
      .requiredOption("--region <region>", "e.g. Hebei")
      .requiredOption("--operator <address>", "the school's first operator key (an address)"),
  ).action(async (o: GatewayOptions & { name: string; kind: string; region: string; operator: string }) => {
    if (!KINDS.includes(o.kind as (typeof KINDS)[number])) usage(`--kind must be one of ${KINDS.join(", ")}`);
    const r = await withGateway(o, (g) => g.registerApplicant({ name: o.name, kind: o.kind as (typeof KINDS)[number], region: o.region, operator: o.operator }));
    printResult(program, r, `registered ${o.name} as member ${r.memberId} (pending); next: alliance members admit ${r.memberId}`);
  });

  for (const action of DECISIONS) {
    gatewayOptions(members.command(action).argument("<memberId>", "the member", positiveInt("memberId")).description(`council: propose to ${action} a member (your approval counts; it executes at the charter's quorum)`)).action(
      async (memberId: number, o: GatewayOptions) => {
        const r = await withGateway(o, (g) => g.propose({ action, memberId }));
        printResult(program, r, r.executed ? `member ${memberId}: ${action} executed (proposal ${r.proposalId})` : `proposal ${r.proposalId} to ${action} member ${memberId} awaits more approvals: alliance proposals approve ${r.proposalId}`);
      },
    );
  }

  gatewayOptions(
    members
      .command("rotate-key")
      .argument("<memberId>", "the member", positiveInt("memberId"))
      .description("add a new operator key, then retire the old one (the school itself, or the secretariat for a lost key)")
      .option("--add <address>", "the new key's address")
      .option("--remove <address>", "the key to retire"),
  ).action(async (memberId: number, o: GatewayOptions & { add?: string; remove?: string }) => {
    if (!o.add && !o.remove) usage("give --add, --remove or both");
    const r = await withGateway(o, (g) => g.rotateOperatorKeys(memberId, { add: o.add, remove: o.remove }));
    printResult(program, r, `member ${memberId}: ${[o.add && `added ${o.add}`, o.remove && `retired ${o.remove}`].filter(Boolean).join(", ")} (${r.transactionHashes.length} transaction(s))`);
  });

  const proposals = program.command("proposals").description("council decisions");
  gatewayOptions(proposals.command("list").description("list proposals").option("--pending", "only those not yet executed")).action(async (o: GatewayOptions & { pending?: boolean }) => {
    const page = await withGateway(o, (g) => g.listProposals({ executed: o.pending ? false : undefined, limit: 500 }));
    printRows(program, page.items, ["proposalId", "action", "memberId", "approvals", "executed", "proposedAtBlock"], { total: page.total });
  });
  gatewayOptions(proposals.command("approve").argument("<proposalId>", "the proposal", positiveInt("proposalId")).description("council: approve a proposal")).action(async (proposalId: number, o: GatewayOptions) => {
    const r = await withGateway(o, (g) => g.approve(proposalId));
    printResult(program, r, `proposal ${proposalId}: ${r.approvals} approval(s)${r.executed ? ", executed" : ""}`);
  });
}
