import type { AllianceErrorName, ContractRevertedError } from "../errors/contractErrors.js";

/**
 * The decoded contract refusal `name`, as a type: what `error instanceof contractErrors[name]` is at run
 * time. Each action's `ErrorType` names the refusals it can meet, so a misspelt name does not compile.
 * Failures that are not the contract's (a provider that cannot be reached) come through as ethers' own errors.
 *
 * @example
 * type Refusal = ContractErrorType<"CostLedgerDuplicatePayment">;
 */
export type ContractErrorType<name extends AllianceErrorName> = ContractRevertedError & { readonly errorName: name };

/** The registry's refusals of a call that needs the caller to be a current key of an active member. */
export type ActiveOperatorErrorType = ContractErrorType<
  "RegistryUnknownOperator" | "RegistryOperatorRevoked" | "RegistryMemberNotActive"
>;

/** The registry's refusal of a call that needs an alliance role (secretariat, council, evaluation committee). */
export type MissingRoleErrorType = ContractErrorType<"RegistryMissingRole">;
