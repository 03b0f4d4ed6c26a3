import { EXIT_BAD_INPUT, fail } from "./fail.js";

/** Stops with a message (JSON with --json) and exit code 2. */
export function usage(message: string, details?: unknown[]): never {
  fail({ code: "invalid_usage", message, details }, EXIT_BAD_INPUT);
}

/** Parses a positive integer argument or stops with exit code 2 naming it. */
export function positiveInt(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) usage(`${name} must be a positive whole number, got "${value}"`);
    return Number(value);
  };
}

/** Parses credits as on a transcript ("2.5", "3"; at most two decimals, above 0), as the gateway takes them. */
export function credits(name: string) {
  return (value: string) => {
    if (!/^\d{1,8}(\.\d{1,2})?$/.test(value) || Number(value) <= 0)
      usage(`${name} must be credits as on a transcript, e.g. 3 or 2.5 (at most two decimals), got "${value}"`);
    return value;
  };
}

/** Parses whole minor units ("125000"), refusing decimals so no amount is ever rounded. */
export function minorUnits(name: string) {
  return (value: string) => {
    if (!/^\d{1,18}$/.test(value))
      usage(`${name} must be whole minor units (e.g. 125000 for 1,250.00), got "${value}"`);
    return value;
  };
}
