/** A value with bigints (contract numbers, money) as decimal strings, ready for a JSON response. */
export function jsonSafe<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
}
