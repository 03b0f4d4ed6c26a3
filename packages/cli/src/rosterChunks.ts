import type { RosterEncoding } from "./rosterEncoding.js";

export interface RosterChunk {
  /** Its first record's index in the file (0-based): the gateway's line n of this chunk is the file's line n + first. */
  first: number;
  records: number;
  /** The header line, then this chunk's records, byte for byte as in the file. */
  body: Buffer;
}

const QUOTE = 0x22;
const LINE_FEED = 0x0a;
const BLANK = new Set([0x20, 0x09, 0x0d]);

/**
 * A CSV roster's raw bytes as requests of at most `perChunk` records, each led by the header line (and
 * so by the file's byte-order mark, if any). Cut only at a line feed outside quotes, read in the file's
 * own code units, so no character and no quoted cell is split: in UTF-8 and GB18030 the bytes of `"`
 * and line feed never occur inside another character; UTF-16 is read two bytes at a time. Every byte
 * after the header goes in exactly one chunk; blank lines are not counted as records.
 */
export function rosterChunks(
  bytes: Buffer,
  encoding: RosterEncoding,
  perChunk: number,
): { records: number; chunks: RosterChunk[] } {
  const unit = encoding === "utf-16le" || encoding === "utf-16be" ? 2 : 1;
  const at =
    unit === 1
      ? (i: number) => bytes[i]
      : encoding === "utf-16be"
        ? (i: number) => (bytes[i] << 8) | bytes[i + 1]
        : (i: number) => bytes[i] | (bytes[i + 1] << 8);
  // Where each non-blank line ends (just past its line feed): the header's first, then each record's.
  const ends: number[] = [];
  let quoted = false;
  let blank = true;
  for (let i = 0; i + unit <= bytes.length; i += unit) {
    const c = at(i);
    if (c === QUOTE) quoted = !quoted;
    if (c === LINE_FEED && !quoted) {
      if (!blank) ends.push(i + unit);
      blank = true;
    } else if (!BLANK.has(c)) blank = false;
  }
  if (!blank) ends.push(bytes.length);
  if (ends.length < 2) return { records: 0, chunks: [] };
  const header = bytes.subarray(0, ends[0]);
  const recordEnds = ends.slice(1);
  const chunks: RosterChunk[] = [];
  for (let first = 0; first < recordEnds.length; first += perChunk) {
    const last = Math.min(first + perChunk, recordEnds.length);
    const from = first === 0 ? ends[0] : recordEnds[first - 1];
    const to = last === recordEnds.length ? bytes.length : recordEnds[last - 1];
    chunks.push({ first, records: last - first, body: Buffer.concat([header, bytes.subarray(from, to)]) });
  }
  return { records: recordEnds.length, chunks };
}
