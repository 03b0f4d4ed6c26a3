/** The encodings a roster may be in, named as the gateway's `charset` parameter takes them. */
export type RosterEncoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

/** Bytes the gateway looks at to tell an encoding when there is no byte-order mark. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * The encoding the gateway reads a CSV roster in, by its rule (packages/api/src/outbox/decodeRoster.ts):
 * the byte-order mark, else the first 64 KB — valid UTF-8, UTF-16 (every other byte zero), or GB18030
 * without an invalid sequence — provided the whole file then decodes without a fault. Undefined otherwise:
 * such a file goes to the gateway whole and untouched, and it refuses it (`roster_encoding_unknown`).
 * Decoded with iconv-lite, as the gateway does, and only to decide: the bytes sent are the file's.
 */
export async function rosterEncoding(bytes: Buffer): Promise<RosterEncoding | undefined> {
  const { default: iconv } = await import("iconv-lite");
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const gb18030 = (b: Buffer) => iconv.decode(b, "gb18030");
  let encoding: RosterEncoding | undefined;
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) encoding = "utf-8";
  else if (sample[0] === 0xff && sample[1] === 0xfe) encoding = "utf-16le";
  else if (sample[0] === 0xfe && sample[1] === 0xff) encoding = "utf-16be";
  else if (validUtf8(sample, true)) encoding = "utf-8";
  else if (zerosAt(sample, 1) > sample.length / 4) encoding = "utf-16le";
  else if (zerosAt(sample, 0) > sample.length / 4) encoding = "utf-16be";
  else if (!gb18030(sample).slice(0, -1).includes("\uFFFD")) encoding = "gb18030";
  if (encoding === "utf-8") return validUtf8(bytes, false) ? encoding : undefined;
  if (encoding && !iconv.decode(bytes, encoding).includes("\uFFFD")) return encoding;
  return undefined;
}

/** How many bytes at even (parity 0) or odd (1) offsets are zero. */
function zerosAt(sample: Buffer, parity: number): number {
  let n = 0;
  for (let i = parity; i < sample.length; i += 2) if (sample[i] === 0) n++;
  return n;
}

/** Valid UTF-8; a sample (`partial`) may end inside a character. */
function validUtf8(bytes: Buffer, partial: boolean): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: partial });
    return true;
  } catch {
    return false;
  }
}
