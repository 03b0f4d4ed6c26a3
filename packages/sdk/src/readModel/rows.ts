/**
 * The read model's rows: what the indexer keeps per record, the audit's replay and member performance
 * fold from the same events. Amounts are integer minor units (bigint), credits hundredths of a credit.
 */

export interface MemberRow {
  memberId: number;
  name: string;
  /** 0 university, 1 vocational college, … as the registry numbers them. */
  kind: number;
  region: string;
  /** 1 pending, 2 active, 3 suspended, 4 withdrawn (the registry's MemberStatus). */
  status: number;
  registeredAtBlock: number;
  statusChangedAtBlock: number;
}

export interface OperatorKeyRow {
  /** Lower-case address. */
  account: string;
  memberId: number;
  current: boolean;
  addedAtBlock: number;
  removedAtBlock?: number;
}

export interface RoleHolderRow {
  role: string;
  /** Lower-case address. */
  account: string;
  holds: boolean;
}

export interface CourseRow {
  courseId: number;
  code: string;
  hostMemberId: number;
  latestVersion: number;
  /** The latest version's tier: 0 general, 1 certified. */
  tier: number;
  /** 1 active, 2 retired. */
  status: number;
  credits: number;
  feePerCredit: bigint;
  term: number;
  seats: number;
}

export interface CourseVersionRow {
  courseId: number;
  version: number;
  hostMemberId: number;
  credits: number;
  feePerCredit: bigint;
  term: number;
  seats: number;
  tier: number;
  publishedAtBlock: number;
}

export interface ProposalRow {
  proposalId: string;
  action: number;
  memberId: number;
  proposer: string;
  approvals: number;
  executed: boolean;
  proposedAtBlock: number;
  role?: string;
  account?: string;
  /** Unix seconds; not in the events: given by whoever folds (the indexer reads it when the proposal is made). */
  expiresAt?: number;
  /** The charter an amendment proposes; not in the events either. */
  charter?: {
    documentHash: string;
    version: number;
    councilQuorum: number;
    proposalLifetime: number;
  };
  /** DecideShares: the shares proposed, for the charter (period 0) or one period. */
  shares?: DecidedShares;
  /** SetContributionRule: the rule proposed. */
  contributionRule?: ContributionRule;
  /** A suspension the cost ledger proposed: the period that made the member low long enough. */
  lowContributionPeriodId?: number;
}

/** Investment shares in basis points, ascending by member; period 0 is the charter's. */
export interface DecidedShares {
  periodId: number;
  shares: Array<{ memberId: number; shareBps: number }>;
}

/** The charter's minimum contribution index (thousandths) and low periods before a suspension proposal. */
export interface ContributionRule {
  minIndexPermille: number;
  periodsBeforeSuspension: number;
  /** The shortest period judged, in days; shorter periods (and those with no cost or hosting) are not. */
  minPeriodDays?: number;
}

/** Shares the council decided (SharesDecided), the latest per period; period 0 is the charter's. */
export interface DecidedSharesRow extends DecidedShares {
  proposalId: string;
}

/** The charter's contribution rule in force (ContributionRuleSet), one row. */
export interface ContributionRuleRow extends ContributionRule {
  proposalId: string;
}

/** A member below the charter's minimum contribution index at a period's close. */
export interface LowContributionRow {
  periodId: number;
  memberId: number;
  indexPermille: number;
  consecutivePeriods: number;
  /** The suspension proposal it triggered, if any. */
  suspensionProposalId?: string;
}

export interface ProposalApprovalRow {
  proposalId: string;
  /** Lower-case address. */
  councillor: string;
}

export interface BatchRow {
  issuerId: number;
  /** Lower-case hex. */
  root: string;
  count: number;
  anchoredBy: string;
  blockNumber: number;
}

/** The state the contract keeps per record, at (issuer, root, index). */
export interface RecordRow {
  issuerId: number;
  root: string;
  index: number;
  leaf: string;
  revoked: boolean;
  reasonCode: number;
  decided: boolean;
}

export interface RecognitionRow {
  issuerId: number;
  batchRoot: string;
  index: number;
  leaf: string;
  homeId: number;
  decision: number;
  recognisedCredits: number;
  fee: bigint;
  periodId: number;
  blockNumber: number;
}

/** In the order of ICostLedger.EntryKind. */
export const ENTRY_KINDS = ["cash", "inKind", "expense", "reversal", "income"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface CostEntryRow {
  entryId: string;
  periodId: number;
  memberId: number;
  kind: EntryKind;
  amount: bigint;
  status: "claimed" | "confirmed" | "rejected";
  reasonCode?: number;
  evidenceHash: string;
  /** The entry a reversal undoes (zero hash otherwise). */
  reverses: string;
  /** The kind of the entry a reversal undoes, learnt when it is claimed. */
  reversesKind?: EntryKind;
  claimedAtBlock: number;
}

export interface PeriodRow {
  periodId: number;
  currency: string;
  shares: Array<{ memberId: number; shareBps: number }>;
  closed: boolean;
  openedAtBlock: number;
  closedAtBlock?: number;
  /** Set at close while the charter has a minimum index: whether the close judged members, and by what rule. */
  judged?: { judged: boolean } & ContributionRule;
  reportHash?: string;
  nets?: bigint[];
}

export interface PeriodTotalsRow {
  periodId: number;
  memberId: number;
  contributed: bigint;
  expensesPaid: bigint;
  feesReceivable: bigint;
  feesPayable: bigint;
  /** Confirmed alliance income the member holds for the alliance. */
  incomeReceived: bigint;
}

export interface SettlementRow {
  settlementId: string;
  periodId: number;
  payerId: number;
  payeeId: number;
  amount: bigint;
  paymentRefHash: string;
  confirmed: boolean;
  recordedAtBlock: number;
}

/** What member performance counts over all periods, kept as running totals. */
export interface MemberActivityRow {
  memberId: number;
  coursesOffered: number;
  /** Seats of each course's latest version. */
  seatsOffered: number;
  /** Records issued and not revoked: students taught for other schools. */
  studentsHosted: number;
  /** Hundredths of a credit, over the records whose credits the indexer was told (this gateway's own). */
  creditsAttested: number;
  /** Hundredths of a credit recognised by home schools, less revoked records. */
  creditsRecognised: number;
}

/** A shared resource with its latest version's terms (IResourceExchange). */
export interface ResourceRow {
  resourceId: number;
  hostMemberId: number;
  /** IResourceExchange.ResourceKind: 0 teacher secondment … 5 other. */
  kind: number;
  /** Zero hash unless kind is other. */
  kindCode: string;
  /** 1 active, 2 retired. */
  status: number;
  latestVersion: number;
  /** IResourceExchange.ResourceUnit: 0 hour, 1 day, 2 seat, 3 placement, 4 licence. */
  unit: number;
  pricePerUnit: bigint;
  capacity: number;
  termsHash: string;
  publishedAtBlock: number;
}

/** A resource version's price, kept so a use's fee can be shown before it is billed. */
export interface ResourceVersionRow {
  resourceId: number;
  version: number;
  unit: number;
  pricePerUnit: bigint;
  capacity: number;
  termsHash: string;
}

/** One use of a shared resource, as the contract keeps it, with the fee once billed. */
export interface ResourceUseRow {
  useId: string;
  resourceId: number;
  version: number;
  userId: number;
  hostMemberId: number;
  /** IResourceExchange.UseStatus: 1 requested … 8 resolved. */
  status: number;
  quantity: number;
  deliveredQuantity: number;
  billedQuantity: number;
  /** Days since 1970-01-01 (UTC). */
  startDay: number;
  endDay: number;
  /** The version's price per unit and unit when requested. */
  pricePerUnit: bigint;
  unit: number;
  /** Zero until confirmed or resolved. */
  fee: bigint;
  /** The period the fee accrued in; 0 before, and for a zero fee. */
  periodId: number;
  /** Salted commitments (zero hash when none): the user's person at request, the host's at acceptance. */
  userPersonCommitment: string;
  hostPersonCommitment: string;
  /** The member that disputed the delivery, if any. */
  disputedBy?: number;
  requestedAtBlock: number;
  updatedAtBlock: number;
}

/** Every table of the read model and its row type. */
export interface ReadModelRows {
  members: MemberRow;
  operatorKeys: OperatorKeyRow;
  roleHolders: RoleHolderRow;
  courses: CourseRow;
  courseVersions: CourseVersionRow;
  proposals: ProposalRow;
  proposalApprovals: ProposalApprovalRow;
  batches: BatchRow;
  records: RecordRow;
  recognitions: RecognitionRow;
  costEntries: CostEntryRow;
  periods: PeriodRow;
  periodTotals: PeriodTotalsRow;
  settlements: SettlementRow;
  memberActivity: MemberActivityRow;
  resources: ResourceRow;
  resourceVersions: ResourceVersionRow;
  resourceUses: ResourceUseRow;
  decidedShares: DecidedSharesRow;
  lowContributions: LowContributionRow;
  contributionRule: ContributionRuleRow;
}
export type ReadModelTable = keyof ReadModelRows;
