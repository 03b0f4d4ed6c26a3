// What people read in tables: credits as on a transcript, money in the period's currency with thousands
// separators. Exact: integers and BigInt only, never floating-point arithmetic on an amount.

/** A whole number with thousands separators: 1234567 → "1,234,567", -1234n → "-1,234". */
export function groupThousands(n: bigint | number | string): string {
  const s = String(n);
  const sign = s.startsWith("-") ? "-" : "";
  return sign + s.slice(sign.length).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** Credits from the ledger's hundredths: 250 → "2.5", 300 → "3", 225 → "2.25". */
export function creditsFromHundredths(hundredths: bigint | number | string): string {
  const h = BigInt(hundredths);
  const sign = h < 0n ? "-" : "";
  const abs = h < 0n ? -h : h;
  const cents = String(abs % 100n)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${sign}${abs / 100n}${cents ? `.${cents}` : ""}`;
}

/** Credits as the gateway answers them (a transcript decimal such as 2.5, at most two decimals), written exactly. */
export function formatCredits(credits: number | string): string {
  const n = Number(credits);
  if (!Number.isFinite(n)) return String(credits);
  return creditsFromHundredths(Math.round(n * 100));
}

/** Digits after the decimal point of `currency`'s minor unit (ISO 4217: CNY 2, JPY 0); 2 if unknown. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An integer count of 10^-digits as a decimal with thousands separators: (171345600n, 2) → "1,713,456.00". */
function decimal(units: bigint, digits: number): string {
  const sign = units < 0n ? "-" : "";
  const abs = String(units < 0n ? -units : units).padStart(digits + 1, "0");
  const whole = groupThousands(abs.slice(0, abs.length - digits));
  return `${sign}${whole}${digits ? `.${abs.slice(abs.length - digits)}` : ""}`;
}

/**
 * Minor units as an amount of `currency`: "171345600" CNY → "1,713,456.00" (without a currency: two
 * decimals, the CLI's convention for minor units). Anything not an integer is returned as is.
 */
export function formatAmount(minor: string | bigint | number, currency?: string): string {
  const text = String(minor);
  return /^-?\d+$/.test(text) ? decimal(BigInt(text), currency ? currencyDigits(currency) : 2) : text;
}

/** Minor units with the currency's code: "171345600", "CNY" → "CNY 1,713,456.00"; without a currency, "171,345,600 minor units". */
export function formatMoney(minor: string | bigint | number, currency: string | undefined): string {
  if (!currency) return /^-?\d+$/.test(String(minor)) ? `${groupThousands(minor)} minor units` : String(minor);
  return `${currency} ${formatAmount(minor, currency)}`;
}

/** Basis points as a percentage: 4000 → "40.00%", 3333 → "33.33%". */
export function formatBps(bps: number | bigint): string {
  return `${decimal(BigInt(bps), 2)}%`;
}
