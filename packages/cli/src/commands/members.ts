import type { Command } from "commander";
import { positiveInt, usage } from "../args.js";
import { gatewayClient, gatewayOptions, withGateway, type GatewayOptions } from "../gateway.js";
import { createLookups } from "../lookups.js";
import { printPage, printResult } from "../output.js";
import { type Paging, pagingOptions } from "../paging.js";

const KINDS = ["university", "vocationalCollege", "enterprise", "governmentBody"] as const;
const DECISIONS = ["admit", "suspend", "reinstate", "withdraw"] as const;
const ROLES = ["secretariat", "council", "auditor", "evaluationCommittee"] as const;

/**
 * `alliance members ...` and `alliance proposals ...`: the secretariat registers applicants, the
 * council decides (admit, suspend, reinstate, withdraw), a school rotates its operator keys.
 */
export function registerMemberCommands(program: Command) {
  const members = program.command("members").description("members, their keys, and the council's decisions about them");

  gatewayOptions(
    pagingOptions(
      members
        .command("list")
        .description("list members")
        .option("--status <status>", "pending | active | suspended | withdrawn"),
    ),
  ).action(async (o: GatewayOptions & Paging & { status?: string }) => {
    const page = await withGateway(o, (g) => g.listMembers({ status: o.status, limit: o.limit, offset: o.offset }));
    // --json has always given the operator keys as one space-separated string; scripts read it so.
    const items = page.items.map((m) => ({ ...m, operators: (m as { operators?: string[] }).operators?.join(" ") }));
    await printPage(program, { ...page, items }, o, async () => ({
      columns: [
        { header: "member", align: "right" },
        { header: "name" },
        { header: "status" },
        { header: "operators" },
      ],
      rows: items.map((m) => [String(m.memberId), m.name, m.status, m.operators ?? ""]),
    }));
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
    const r = await withGateway(o, (g) =>
      g.registerApplicant({
        name: o.name,
        kind: o.kind as (typeof KINDS)[number],
        region: o.region,
        operator: o.operator,
      }),
    );
    printResult(
      program,
      r,
      `registered ${o.name} as member ${r.memberId} (pending); next: alliance members admit ${r.memberId}`,
    );
  });

  for (const action of DECISIONS) {
    gatewayOptions(
      members
        .command(action)
        .argument("<memberId>", "the member", positiveInt("memberId"))
        .description(
          `council: propose to ${action} a member (your approval counts; it executes at the charter's quorum)`,
        ),
    ).action(async (memberId: number, o: GatewayOptions) => {
      const r = await withGateway(o, (g) => g.propose({ action, memberId }));
      printResult(
        program,
        r,
        r.executed
          ? `member ${memberId}: ${action} executed (proposal ${r.proposalId})`
          : `proposal ${r.proposalId} to ${action} member ${memberId} awaits more approvals: alliance proposals approve ${r.proposalId}`,
      );
    });
  }

  gatewayOptions(
    members
      .command("rotate-key")
      .argument("<memberId>", "the member", positiveInt("memberId"))
      .description(
        "add a new operator key, then retire the old one (the school itself; a lost key: alliance members recover-key)",
      )
      .option("--add <address>", "the new key's address")
      .option("--remove <address>", "the key to retire"),
  ).action(async (memberId: number, o: GatewayOptions & { add?: string; remove?: string }) => {
    if (!o.add && !o.remove) usage("give --add, --remove or both");
    const r = await withGateway(o, (g) => g.rotateOperatorKeys(memberId, { add: o.add, remove: o.remove }));
    printResult(
      program,
      r,
      `member ${memberId}: ${[o.add && `added ${o.add}`, o.remove && `retired ${o.remove}`].filter(Boolean).join(", ")} (${r.transactionHashes.length} transaction(s))`,
    );
  });

  gatewayOptions(
    members
      .command("recover-key")
      .argument("<memberId>", "the member that lost its keys", positiveInt("memberId"))
      .requiredOption("--key <address>", "the school's new operator key")
      .description(
        "council: propose giving a school that lost its keys a new one (nobody else can add a key to a school)",
      ),
  ).action(async (memberId: number, o: GatewayOptions & { key: string }) => {
    const r = await withGateway(o, (g) => g.propose({ action: "recoverKey", memberId, account: o.key }));
    printResult(
      program,
      r,
      r.executed
        ? `member ${memberId}: key ${o.key} added (proposal ${r.proposalId})`
        : `proposal ${r.proposalId} to give member ${memberId} key ${o.key} awaits more approvals: alliance proposals approve ${r.proposalId}`,
    );
  });

  const roles = program
    .command("roles")
    .description("who holds the secretariat, council, auditor and evaluation-committee roles: council decisions only");
  for (const [verb, action] of [
    ["grant", "grantRole"],
    ["revoke", "revokeRole"],
  ] as const) {
    gatewayOptions(
      roles
        .command(verb)
        .argument("<role>", ROLES.join(" | "))
        .argument("<address>", "the account")
        .description(`council: propose to ${verb} a role (your approval counts; it executes at the charter's quorum)`),
    ).action(async (role: string, account: string, o: GatewayOptions) => {
      if (!ROLES.includes(role as (typeof ROLES)[number])) usage(`<role> must be one of ${ROLES.join(", ")}`);
      const r = await withGateway(o, (g) => g.propose({ action, role: role as (typeof ROLES)[number], account }));
      printResult(
        program,
        r,
        r.executed
          ? `${role}: ${verb} ${account} executed (proposal ${r.proposalId})`
          : `proposal ${r.proposalId} to ${verb} ${role} for ${account} awaits more approvals: alliance proposals approve ${r.proposalId}`,
      );
    });
  }

  const proposals = program.command("proposals").description("council decisions");
  gatewayOptions(
    pagingOptions(
      proposals.command("list").description("list proposals").option("--pending", "only those not yet executed"),
    ),
  ).action(async (o: GatewayOptions & Paging & { pending?: boolean }) => {
    const page = await withGateway(o, (g) =>
      g.listProposals({ executed: o.pending ? false : undefined, limit: o.limit, offset: o.offset }),
    );
    await printPage(program, page, o, async (items) => {
      const member = await createLookups(await gatewayClient(o)).members();
      return {
        columns: [
          { header: "proposal", align: "right" },
          { header: "action" },
          { header: "member" },
          { header: "role" },
          { header: "account" },
          { header: "approvals", align: "right" },
          { header: "executed" },
          { header: "expires" },
        ],
        rows: items.map((p) => [
          String(p.proposalId),
          p.action,
          p.memberId ? member(p.memberId) : "",
          p.role ?? "",
          p.account ?? "",
          String(p.approvalsInOffice),
          p.executed ? "yes" : "no",
          p.expiresAt,
        ]),
      };
    });
  });
  gatewayOptions(
    proposals
      .command("approve")
      .argument("<proposalId>", "the proposal", positiveInt("proposalId"))
      .description("council: approve a proposal"),
  ).action(async (proposalId: number, o: GatewayOptions) => {
    const r = await withGateway(o, (g) => g.approve(proposalId));
    printResult(program, r, `proposal ${proposalId}: ${r.approvals} approval(s)${r.executed ? ", executed" : ""}`);
  });
}
