/** Numbers, money and dates as people read them, in the reader's locale. Money is never a float. */

/** Minor units (fen) as a decimal string with two places: "171345600" → "1713456.00", exactly. */
export function minorToDecimal(minor: string | number | bigint): string {
  const s = BigInt(minor).toString();
  const negative = s.startsWith("-");
  const digits = (negative ? s.slice(1) : s).padStart(3, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A yuan amount typed by a person ("1,250.5") as minor units ("125050"), or undefined when it is not one. */
export function decimalToMinor(text: string): string | undefined {
  const m = /^(\d{1,16})(?:\.(\d{1,2}))?$/.exec(text.replaceAll(",", "").trim());
  if (!m) return undefined;
  return (BigInt(m[1]) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"))).toString();
}

/** ¥1,713,456.00 (zh) or CN¥1,713,456.00 (en): Intl formats the exact decimal string, not a float. */
export function formatMoney(minor: string | number | bigint, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return format.format(minorToDecimal(minor) as `${number}`);
}

/** Credits as on a transcript: 2.5, 3. */
export function formatCredits(credits: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(credits);
}

/** A term code (20261: 2026, first term) as words. */
export function formatTerm(term: number, locale: string): string {
  const year = Math.floor(term / 10);
  const part = term % 10;
  if (year < 1000) return String(term);
  return locale.startsWith("zh") ? `${year} 年第 ${part} 学期` : `${year} term ${part}`;
}

/** A calendar date (YYYY-MM-DD) in the reader's locale, without a time-zone shift. */
export function formatDate(date: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

/**
 * An instant (ISO 8601) as date and time in the reader's locale and time zone: when a link stops working
 * (to the minute), or when a gateway retries (to the second: `timeStyle: "medium"`).
 */
export function formatInstant(iso: string, locale: string, timeStyle: "short" | "medium" = "short"): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle }).format(d);
}

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** A basis-point share as a percentage: 1667 → 16.67%. */
export function formatShare(bps: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000);
}

/** A percentage typed by a person ("40.3", "40.30%") as basis points (4030), or undefined when it is not one. */
export function percentToBps(text: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.replace(/%$/, "").trim());
  if (!m) return undefined;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : undefined;
}

/** Basis points as the percentage a person types back: 4030 → "40.3". */
export const bpsToPercent = (bps: number) => String(bps / 100);

/** A contribution index to the thousandth, as the contract computes it: 1.25 → 1.250. */
export function formatIndex(index: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(index);
}

/** A long hash as its first and last characters, for tables (the full one is in the title). */
export const shortHash = (h: string) => (h.length > 14 ? `${h.slice(0, 8)}…${h.slice(-4)}` : h);

/** A batch root as its first 10 characters ("0x" and 8 hex digits) and last 4 (the full one is in the title). */
export const shortRoot = (root: string) => (root.length > 16 ? `${root.slice(0, 10)}…${root.slice(-4)}` : root);
