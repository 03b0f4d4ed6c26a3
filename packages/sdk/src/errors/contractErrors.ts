import { Interface, isHexString, type ErrorFragment } from "ethers";
import {
  AllianceForwarder__factory,
  AllianceRegistry__factory,
  CostLedger__factory,
  CourseCatalog__factory,
  CreditLedger__factory,
  MemberGateways__factory,
  ResourceExchange__factory,
} from "../generated/typechain/index.js";
import { BaseError } from "./BaseError.js";

/** Where each error's NatSpec lives, by name prefix. */
const DOCS: Array<[prefix: string, path: string]> = [
  ["Registry", "contracts/interfaces/IAllianceRegistry.sol"],
  ["Catalog", "contracts/interfaces/ICourseCatalog.sol"],
  ["CreditLedger", "contracts/interfaces/ICreditLedger.sol"],
  ["CostLedger", "contracts/interfaces/ICostLedger.sol"],
  ["ResourceExchange", "contracts/interfaces/IResourceExchange.sol"],
  ["Gateways", "contracts/interfaces/IMemberGateways.sol"],
  ["ERC2771", "contracts/AllianceForwarder.sol"],
  ["AccessControl", "contracts/AllianceRegistry.sol"],
];

/** Every custom error the alliance contracts (and the OpenZeppelin code they use) can revert with. */
export const allianceErrorsInterface = new Interface(uniqueErrors());

function uniqueErrors(): ErrorFragment[] {
  const byFormat = new Map<string, ErrorFragment>();
  for (const factory of [
    AllianceRegistry__factory,
    CourseCatalog__factory,
    CreditLedger__factory,
    CostLedger__factory,
    ResourceExchange__factory,
    MemberGateways__factory,
    AllianceForwarder__factory,
  ]) {
    new Interface(factory.abi).forEachError((fragment) => byFormat.set(fragment.format("sighash"), fragment));
  }
  return [...byFormat.values()];
}

/**
 * A contract call reverted with one of the alliance's custom errors. Each error has its own subclass,
 * named after it (`CreditLedgerRevokedError` for `CreditLedgerRevoked`), in {@link contractErrors}.
 */
export class ContractRevertedError extends BaseError {
  override name = "ContractRevertedError";
  /** The Solidity error's name, e.g. "CreditLedgerRevoked". */
  readonly errorName: string;
  /** Its arguments by name. */
  readonly args: Record<string, unknown>;
  readonly selector: string;

  constructor(fragment: ErrorFragment, values: readonly unknown[], cause?: unknown) {
    const args = Object.fromEntries(fragment.inputs.map((input, i) => [input.name || `arg${i}`, values[i]]));
    const shown = Object.entries(args)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ");
    super(`${fragment.name}(${shown})`, {
      details: ["The contract refused the call; see the error's documentation for when it is raised."],
      docsPath: DOCS.find(([prefix]) => fragment.name.startsWith(prefix))?.[1],
      cause,
    });
    this.errorName = fragment.name;
    this.args = args;
    this.selector = fragment.selector;
  }
}

type ContractErrorClass = new (
  fragment: ErrorFragment,
  values: readonly unknown[],
  cause?: unknown,
) => ContractRevertedError;

/** The custom errors a contract's ABI declares, by name. */
type ErrorNamesOf<Factory extends { abi: readonly { type: string }[] }> = Extract<
  Factory["abi"][number],
  { type: "error"; name: string }
>["name"];

/** Every custom error name the alliance contracts can revert with (from their ABIs): a misspelt name does not compile. */
export type AllianceErrorName =
  | ErrorNamesOf<typeof AllianceRegistry__factory>
  | ErrorNamesOf<typeof CourseCatalog__factory>
  | ErrorNamesOf<typeof CreditLedger__factory>
  | ErrorNamesOf<typeof CostLedger__factory>
  | ErrorNamesOf<typeof ResourceExchange__factory>
  | ErrorNamesOf<typeof MemberGateways__factory>
  | ErrorNamesOf<typeof AllianceForwarder__factory>;

/** One class per custom error, keyed by the error's name: `err instanceof contractErrors.CreditLedgerRevoked`. */
export const contractErrors = {} as Record<AllianceErrorName, ContractErrorClass>;
allianceErrorsInterface.forEachError((fragment) => {
  const className = `${fragment.name}Error`;
  contractErrors[fragment.name as AllianceErrorName] = {
    [className]: class extends ContractRevertedError {
      override name = className;
    },
  }[className];
});

/** Finds revert data (0x + selector + arguments) anywhere in an error thrown by ethers or a provider. */
export function findRevertData(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || error === null || typeof error !== "object") return undefined;
  const e = error as Record<string, unknown>;
  for (const key of ["data", "revertData"]) {
    const v = e[key];
    if (typeof v === "string" && isHexString(v) && v.length >= 10) return v;
    if (v && typeof v === "object") {
      const nested = findRevertData(v, depth + 1);
      if (nested) return nested;
    }
  }
  for (const key of ["error", "info", "cause", "payload"]) {
    const nested = findRevertData(e[key], depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Turns an error from a contract call into the named {@link ContractRevertedError} subclass when it
 * carries one of the alliance's custom errors; returns anything else unchanged.
 */
export function decodeContractError(error: unknown): unknown {
  if (error instanceof ContractRevertedError) return error;
  const data = findRevertData(error);
  if (!data) return error;
  const fragment = allianceErrorsInterface.fragments.find(
    (f): f is ErrorFragment => f.type === "error" && data.startsWith((f as ErrorFragment).selector),
  );
  if (!fragment) return error;
  const values = allianceErrorsInterface.decodeErrorResult(fragment, data);
  return new contractErrors[fragment.name as AllianceErrorName](fragment, [...values], error);
}

/** Runs a contract call and rethrows its failure as a named contract error where there is one. */
export async function withDecodedErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw decodeContractError(error);
  }
}
