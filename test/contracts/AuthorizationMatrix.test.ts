import { expect } from "chai";
import { network } from "hardhat";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { encodeBytes32String, id, ZeroHash } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { attestationLeafHash } from "@alliance-ledger/sdk";
import {
  A,
  acceptRequest,
  Action,
  attestation,
  B,
  C,
  courseTerms,
  deployFixture,
  EntryKind,
  freshAddress,
  groupOf,
  NO_CHARTER,
  recordOf,
  ResourceKind,
  resourceTerms,
  ROLES,
  S,
  SEPT_1,
  SEPT_30,
  W,
  type Fixture,
} from "./fixture.js";

/**
 * Every state-changing function, called by every caller it must refuse, reverts with the specific
 * custom error. "other" is an active operator of a member other than the one the call acts for; it is
 * left out where the contract takes the member from the caller (the call would act for the caller's
 * own member, which is allowed). The fixture has completed the bootstrap, so "admin" is the former
 * bootstrap admin, and a lone "councillor" or the "secretariat" are tried where a role holder might
 * hope to act alone.
 */
const { ethers, networkHelpers } = await network.create();
const fixture = () => deployFixture(ethers);

type Caller =
  | "outsider"
  | "other"
  | "suspended"
  | "withdrawn"
  | "auditor"
  | "rotatedKey"
  | "admin"
  | "councillor"
  | "secretariat";
type Expectation = {
  contract: (f: Fixture) => BaseContract;
  error: string;
  args: (caller: HardhatEthersSigner, f: Fixture) => unknown[];
};
type Row = {
  fn: string;
  call: (f: Fixture, as: HardhatEthersSigner) => Promise<ContractTransactionResponse>;
  refusals: Partial<Record<Caller, Expectation>>;
};

const SUSPENDED = 3;
const WITHDRAWN = 4;

const registryError = (error: string, args: Expectation["args"]): Expectation => ({
  contract: (f) => f.registry,
  error,
  args,
});
const missingRole = (role: string) => registryError("RegistryMissingRole", (c) => [c.address, role]);
const allRefused = (e: Expectation): Row["refusals"] => ({
  outsider: e,
  other: e,
  suspended: e,
  withdrawn: e,
  auditor: e,
  rotatedKey: e,
});
/** Refusals for a call that acts for the caller's own member; `other` is given per function. */
const memberRefusals = (other?: Expectation): Row["refusals"] => ({
  outsider: registryError("RegistryUnknownOperator", (c) => [c.address]),
  ...(other ? { other } : {}),
  suspended: registryError("RegistryMemberNotActive", () => [S, SUSPENDED]),
  withdrawn: registryError("RegistryMemberNotActive", () => [W, WITHDRAWN]),
  auditor: registryError("RegistryUnknownOperator", (c) => [c.address]),
  rotatedKey: registryError("RegistryOperatorRevoked", (c) => [c.address, A]),
});
const credit = (error: string, args: Expectation["args"]): Expectation => ({
  contract: (f) => f.creditLedger,
  error,
  args,
});
/**
 * Refusals for revoking or superseding A's record 0: any current key of the issuer may, whatever the
 * issuer's status, so a suspended or withdrawn member's key is refused as not the issuer.
 */
const issuerRefusals = (): Row["refusals"] => {
  const notIssuer = (memberId: number) => credit("CreditLedgerNotIssuer", (_, f) => [f.batchAtoB.leaf(0), memberId, A]);
  return {
    outsider: registryError("RegistryUnknownOperator", (c) => [c.address]),
    other: notIssuer(B),
    suspended: notIssuer(S),
    withdrawn: notIssuer(W),
    auditor: registryError("RegistryUnknownOperator", (c) => [c.address]),
    rotatedKey: registryError("RegistryOperatorRevoked", (c) => [c.address, A]),
    secretariat: registryError("RegistryUnknownOperator", (c) => [c.address]),
  };
};
const unknownOperator = registryError("RegistryUnknownOperator", (c) => [c.address]);
const exchange = (error: string, args: Expectation["args"]): Expectation => ({
  contract: (f) => f.resourceExchange,
  error,
  args,
});
const notCostLedger = registryError("CharterCallerNotCostLedger", (c) => [c.address]);
const needsCouncil = registryError("RegistryRoleChangeNeedsCouncil", (_, f) => [ROLES.auditor, f.outsider.address]);

const singleForA = attestation(A, B, 1);
const entry = (memberRef: string) => ({
  memberRef,
  periodId: 2,
  kind: EntryKind.CashContribution,
  amount: 100n,
  category: ZeroHash,
  quantity: 0n,
  unitValue: 0n,
  reverses: ZeroHash,
  evidenceHash: id("evidence"),
});

const rows: Row[] = [
  // AllianceRegistry
  {
    fn: "AllianceRegistry.registerApplicant",
    call: (f, as) => f.registry.connect(as).registerApplicant("X", 0, "Y", freshAddress()),
    refusals: allRefused(missingRole(ROLES.secretariat)),
  },
  {
    fn: "AllianceRegistry.addOperator",
    call: (f, as) => f.registry.connect(as).addOperator(A, freshAddress()),
    refusals: {
      ...memberRefusals(registryError("RegistryNotOperatorOf", (c) => [c.address, A])),
      secretariat: registryError("RegistryUnknownOperator", (c) => [c.address]),
    },
  },
  {
    fn: "AllianceRegistry.publishIssuerKey",
    call: (f, as) => f.registry.connect(as).publishIssuerKey(A, id(`issuer key ${as.address}`)),
    refusals: {
      ...memberRefusals(registryError("RegistryNotOperatorOf", (c) => [c.address, A])),
      secretariat: registryError("RegistryUnknownOperator", (c) => [c.address]),
    },
  },
  {
    fn: "AllianceRegistry.removeOperator",
    call: (f, as) => f.registry.connect(as).removeOperator(A, f.opA.address),
    refusals: {
      ...memberRefusals(registryError("RegistryNotOperatorOf", (c) => [c.address, A])),
      secretariat: registryError("RegistryUnknownOperator", (c) => [c.address]),
    },
  },
  {
    fn: "AllianceRegistry.propose",
    call: (f, as) => f.registry.connect(as).propose(Action.Suspend, C, NO_CHARTER),
    refusals: allRefused(missingRole(ROLES.council)),
  },
  {
    fn: "AllianceRegistry.approve",
    call: (f, as) => f.registry.connect(as).approve(1),
    refusals: {
      ...allRefused(missingRole(ROLES.council)),
      admin: missingRole(ROLES.council),
      secretariat: missingRole(ROLES.council),
    },
  },
  {
    fn: "AllianceRegistry.proposeRoleChange",
    call: (f, as) => f.registry.connect(as).proposeRoleChange(ROLES.auditor, as.address, true),
    refusals: {
      ...allRefused(missingRole(ROLES.council)),
      admin: missingRole(ROLES.council),
      secretariat: missingRole(ROLES.council),
    },
  },
  {
    fn: "AllianceRegistry.proposeKeyRecovery",
    call: (f, as) => f.registry.connect(as).proposeKeyRecovery(A, freshAddress()),
    refusals: {
      ...allRefused(missingRole(ROLES.council)),
      admin: missingRole(ROLES.council),
      secretariat: missingRole(ROLES.council),
    },
  },
  // Charter terms: shares and the contribution rule are council proposals; only the cost ledger proposes a
  // suspension for low contribution; the cost ledger is wired by the admin, during bootstrap only.
  {
    fn: "AllianceRegistry.proposeShares",
    call: (f, as) => f.registry.connect(as).proposeShares(0, [A, B, C], [1000, 4500, 4500]),
    refusals: {
      ...allRefused(missingRole(ROLES.council)),
      admin: missingRole(ROLES.council),
      secretariat: missingRole(ROLES.council),
    },
  },
  {
    fn: "AllianceRegistry.proposeContributionRule",
    call: (f, as) => f.registry.connect(as).proposeContributionRule(2000, 1, 0),
    refusals: {
      ...allRefused(missingRole(ROLES.council)),
      admin: missingRole(ROLES.council),
      secretariat: missingRole(ROLES.council),
    },
  },
  {
    fn: "AllianceRegistry.proposeLowContributionSuspension",
    call: (f, as) => f.registry.connect(as).proposeLowContributionSuspension(C, 1),
    refusals: {
      ...allRefused(notCostLedger),
      admin: notCostLedger,
      councillor: notCostLedger,
      secretariat: notCostLedger,
    },
  },
  {
    fn: "AllianceRegistry.setCostLedger",
    call: (f, as) => f.registry.connect(as).setCostLedger(as.address),
    refusals: {
      ...allRefused(missingRole(ROLES.admin)),
      admin: missingRole(ROLES.admin),
      councillor: missingRole(ROLES.admin),
      secretariat: missingRole(ROLES.admin),
    },
  },
  {
    // Refused to everyone once completed; before, to anyone but the admin (AllianceRegistry.test.ts).
    fn: "AllianceRegistry.completeBootstrap",
    call: (f, as) => f.registry.connect(as).completeBootstrap(),
    refusals: {
      ...allRefused(registryError("RegistryBootstrapCompleted", () => [])),
      admin: registryError("RegistryBootstrapCompleted", () => []),
      councillor: registryError("RegistryBootstrapCompleted", () => []),
    },
  },
  // After bootstrap no single key changes a role, not even the former admin or a councillor.
  ...(["grantRole", "revokeRole"] as const).map(
    (fn): Row => ({
      fn: `AllianceRegistry.${fn}`,
      call: (f, as) => f.registry.connect(as)[fn](ROLES.auditor, f.outsider.address),
      refusals: {
        ...allRefused(needsCouncil),
        admin: needsCouncil,
        councillor: needsCouncil,
        secretariat: needsCouncil,
      },
    }),
  ),
  // CourseCatalog
  {
    fn: "CourseCatalog.publishCourse",
    call: (f, as) => f.catalog.connect(as).publishCourse(encodeBytes32String("NEW1"), courseTerms()),
    refusals: memberRefusals(),
  },
  {
    fn: "CourseCatalog.publishVersion",
    call: (f, as) => f.catalog.connect(as).publishVersion(f.generalCourse, courseTerms()),
    refusals: memberRefusals({ contract: (f) => f.catalog, error: "CatalogNotHost", args: () => [1, B, A] }),
  },
  {
    fn: "CourseCatalog.retireCourse",
    call: (f, as) => f.catalog.connect(as).retireCourse(f.generalCourse),
    refusals: memberRefusals({ contract: (f) => f.catalog, error: "CatalogNotHost", args: () => [1, B, A] }),
  },
  {
    fn: "CourseCatalog.setCourseTier",
    call: (f, as) => f.catalog.connect(as).setCourseTier(f.generalCourse, 1, 1, id("reason")),
    refusals: allRefused(missingRole(ROLES.committee)),
  },
  // CreditLedger
  {
    fn: "CreditLedger.anchorBatch",
    call: (f, as) => f.creditLedger.connect(as).anchorBatch(id("new root"), 10),
    refusals: memberRefusals(),
  },
  {
    fn: "CreditLedger.anchorAttestation",
    call: (f, as) => f.creditLedger.connect(as).anchorAttestation(singleForA),
    refusals: memberRefusals(credit("CreditLedgerNotIssuer", () => [attestationLeafHash(singleForA), B, A])),
  },
  {
    fn: "CreditLedger.revoke",
    call: (f, as) => f.creditLedger.connect(as).revoke(recordOf(f.batchAtoB, 0), 1),
    refusals: issuerRefusals(),
  },
  {
    fn: "CreditLedger.supersede",
    call: (f, as) => f.creditLedger.connect(as).supersede(recordOf(f.batchAtoB, 0), recordOf(f.batchAtoB, 1), 1),
    refusals: issuerRefusals(),
  },
  {
    fn: "CreditLedger.recognize",
    // Attestations of A's students, issued by B: A is the home school that may decide.
    call: (f, as) => f.creditLedger.connect(as).recognize([acceptRequest(f.batchBtoA, 0)]),
    refusals: memberRefusals(credit("CreditLedgerNotHomeMember", (_, f) => [f.batchBtoA.leaf(0), B, A])),
  },
  {
    fn: "CreditLedger.recognizeBatches",
    // The same records as recognize, two of them under one multiproof: A is the home school.
    call: (f, as) => f.creditLedger.connect(as).recognizeBatches([groupOf(f.batchBtoA, [0, 1])]),
    refusals: memberRefusals(
      credit("CreditLedgerNotHomeMember", (_, f) => [
        attestationLeafHash(groupOf(f.batchBtoA, [0, 1]).attestations[0]),
        B,
        A,
      ]),
    ),
  },
  // CostLedger
  {
    fn: "CostLedger.setCreditLedger",
    call: (f, as) => f.costLedger.connect(as).setCreditLedger(as.address),
    refusals: allRefused(missingRole(ROLES.admin)),
  },
  {
    fn: "CostLedger.openPeriod",
    call: (f, as) => f.costLedger.connect(as).openPeriod(f.currency, f.members, f.shares),
    refusals: allRefused(missingRole(ROLES.secretariat)),
  },
  {
    fn: "CostLedger.claimEntry",
    call: (f, as) => f.costLedger.connect(as).claimEntry(entry(id("matrix entry"))),
    refusals: memberRefusals(),
  },
  {
    fn: "CostLedger.claimEntries",
    call: (f, as) => f.costLedger.connect(as).claimEntries([entry(id("matrix entry"))]),
    refusals: memberRefusals(),
  },
  ...(["confirmEntry", "confirmEntries", "rejectEntry"] as const).map(
    (fn): Row => ({
      fn: `CostLedger.${fn}`,
      call: (f, as) => {
        const ledger = f.costLedger.connect(as);
        if (fn === "confirmEntry") return ledger.confirmEntry(id("e"));
        if (fn === "confirmEntries") return ledger.confirmEntries([id("e")]);
        return ledger.rejectEntry(id("e"), 1);
      },
      refusals: {
        ...allRefused(missingRole(ROLES.secretariat)),
        admin: missingRole(ROLES.secretariat),
        councillor: missingRole(ROLES.secretariat),
      },
    }),
  ),
  {
    fn: "CostLedger.closePeriod",
    call: (f, as) => f.costLedger.connect(as).closePeriod(2, id("r"), [0, 0, 0]),
    refusals: allRefused(missingRole(ROLES.secretariat)),
  },
  {
    fn: "CostLedger.accrueCourseFee",
    call: (f, as) => f.costLedger.connect(as).accrueCourseFee(B, A, 1),
    refusals: allRefused({
      contract: (f) => f.costLedger,
      error: "CostLedgerCallerNotCreditLedger",
      args: (c) => [c.address],
    }),
  },
  {
    fn: "CostLedger.setResourceExchange",
    call: (f, as) => f.costLedger.connect(as).setResourceExchange(as.address),
    refusals: allRefused(missingRole(ROLES.admin)),
  },
  {
    fn: "CostLedger.recordSettlement",
    call: (f, as) => f.costLedger.connect(as).recordSettlement(1, B, 1n, id("ref")),
    refusals: memberRefusals(),
  },
  {
    fn: "CostLedger.confirmSettlement",
    // Settlement 1 was paid by A to B: only B may confirm it.
    call: (f, as) => f.costLedger.connect(as).confirmSettlement(1),
    refusals: memberRefusals({ contract: (f) => f.costLedger, error: "CostLedgerNotPayee", args: () => [1, A, B] }),
  },
  // ResourceExchange: resource 1 is A's; use 1 is B's request, 2 accepted, 3 C's delivered, 4 B's disputed.
  {
    fn: "ResourceExchange.publishResource",
    call: (f, as) => f.resourceExchange.connect(as).publishResource(ResourceKind.Equipment, ZeroHash, resourceTerms()),
    refusals: { ...memberRefusals(), secretariat: unknownOperator },
  },
  ...(
    [
      ["publishResourceVersion", (f, as) => f.resourceExchange.connect(as).publishResourceVersion(1, resourceTerms())],
      ["retireResource", (f, as) => f.resourceExchange.connect(as).retireResource(1)],
      ["acceptUse", (f, as) => f.resourceExchange.connect(as).acceptUse(f.uses.requested, ZeroHash)],
      ["declineUse", (f, as) => f.resourceExchange.connect(as).declineUse(f.uses.requested, id("no"))],
      ["recordDelivery", (f, as) => f.resourceExchange.connect(as).recordDelivery(f.uses.accepted, 10, id("done"))],
    ] as const satisfies readonly (readonly [string, Row["call"]])[]
  ).map(
    ([fn, call]): Row => ({
      fn: `ResourceExchange.${fn}`,
      call,
      // "other" is B, the user: it cannot act as the host.
      refusals: {
        ...memberRefusals(exchange("ResourceExchangeNotHost", () => [1, B, A])),
        secretariat: unknownOperator,
      },
    }),
  ),
  {
    fn: "ResourceExchange.requestUse",
    call: (f, as) => f.resourceExchange.connect(as).requestUse(1, 1, SEPT_1, SEPT_30, ZeroHash),
    // "other" is omitted: any member but the host may request (the host itself is refused, see the tests).
    refusals: { ...memberRefusals(), secretariat: unknownOperator },
  },
  {
    fn: "ResourceExchange.cancelUse",
    // Use 1 is B's request; "other" is A, the host.
    call: (f, as) => f.resourceExchange.connect(as).cancelUse(f.uses.requested),
    refusals: {
      ...memberRefusals(exchange("ResourceExchangeNotUser", (_, f) => [f.uses.requested, A, B])),
      secretariat: unknownOperator,
    },
  },
  {
    fn: "ResourceExchange.confirmUse",
    // Use 3 is C's, delivered by A; "other" is B.
    call: (f, as) => f.resourceExchange.connect(as).confirmUse(f.uses.delivered),
    refusals: {
      ...memberRefusals(exchange("ResourceExchangeNotUser", (_, f) => [f.uses.delivered, B, C])),
      secretariat: unknownOperator,
    },
  },
  {
    fn: "ResourceExchange.disputeUse",
    // Use 3's parties are C (user) and A (host); B is neither.
    call: (f, as) => f.resourceExchange.connect(as).disputeUse(f.uses.delivered, id("reason")),
    refusals: {
      ...memberRefusals(exchange("ResourceExchangeNotParty", (_, f) => [f.uses.delivered, B])),
      secretariat: unknownOperator,
    },
  },
  {
    fn: "ResourceExchange.resolveDispute",
    call: (f, as) => f.resourceExchange.connect(as).resolveDispute(f.uses.disputed, 3, id("resolution")),
    refusals: {
      ...allRefused(missingRole(ROLES.secretariat)),
      admin: missingRole(ROLES.secretariat),
      councillor: missingRole(ROLES.secretariat),
    },
  },
  // MemberGateways: a member publishes its own gateway; nobody publishes another's.
  {
    fn: "MemberGateways.setGateway",
    call: (f, as) =>
      f.memberGateways
        .connect(as)
        .setGateway("https://gw.example.edu", id(`sign ${as.address}`), id(`enc ${as.address}`)),
    refusals: memberRefusals(),
  },
];

/** The signer for each kind of caller; "other" is B's operator, or A's where B is the member acting. */
function signerFor(f: Fixture, caller: Caller, fn: string): HardhatEthersSigner {
  switch (caller) {
    case "outsider":
      return f.outsider;
    case "other":
      return fn === "CostLedger.confirmSettlement" || fn === "ResourceExchange.cancelUse" ? f.opA : f.opB;
    case "suspended":
      return f.opS;
    case "withdrawn":
      return f.opW;
    case "auditor":
      return f.auditor;
    case "rotatedKey":
      return f.opAOld;
    case "admin":
      return f.admin;
    case "councillor":
      return f.council[0];
    case "secretariat":
      return f.secretariat;
  }
}

describe("Authorization matrix", () => {
  for (const row of rows) {
    describe(row.fn, () => {
      for (const [caller, expected] of Object.entries(row.refusals) as [Caller, Expectation][]) {
        it(`refuses ${caller === "other" ? "an operator of another member" : `the ${caller}`} with ${expected.error}`, async () => {
          const f = await networkHelpers.loadFixture(fixture);
          const as = signerFor(f, caller, row.fn);
          await expect(row.call(f, as))
            .to.be.revertedWithCustomError(expected.contract(f), expected.error)
            .withArgs(...expected.args(as, f));
        });
      }
    });
  }

  it("covers every state-changing function of the six contracts", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const covered = new Set(rows.map((r) => r.fn));
    const exempt = new Set(["AllianceRegistry.renounceRole"]); // acts only on the caller's own role
    for (const [name, contract] of Object.entries({
      AllianceRegistry: f.registry,
      CourseCatalog: f.catalog,
      CreditLedger: f.creditLedger,
      CostLedger: f.costLedger,
      ResourceExchange: f.resourceExchange,
      MemberGateways: f.memberGateways,
    })) {
      contract.interface.forEachFunction((fn) => {
        if (fn.stateMutability === "view" || fn.stateMutability === "pure") return;
        const key = `${name}.${fn.name}`;
        if (!exempt.has(key)) expect(covered.has(key), `${key} is missing from the matrix`).to.equal(true);
      });
    }
  });
});
