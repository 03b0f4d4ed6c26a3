import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { DomainError } from "../errors.js";
import { decodeRoster } from "./decodeRoster.js";
import {
  checkHeader,
  MAX_LINE_CHARS,
  MAX_RECORDS,
  MAX_ROSTER_BYTES,
  noRecords,
  type RosterRow,
  type RosterSheet,
  tooManyRecords,
} from "./roster.js";

/**
 * A term's roster as a registrar exports it from a spreadsheet (UTF-8, GBK/GB18030 or UTF-16: see
 * {@link decodeRoster}), read from `input` as it arrives: a header row with the roster's columns
 * (courseVersion may be left empty for 1), credits as on the transcript ("2.5"). Reading stops at the
 * first record past {@link MAX_RECORDS} (413 `too_many_records`) or byte past `maxBytes` (413
 * `body_too_large`), so a huge upload is never held whole. A file that is not CSV, or whose header
 * lacks a column, is refused (400 `invalid_csv`); otherwise every line is returned as the file has it,
 * each with its line number (blank lines and cells spanning lines counted), for
 * {@link recordsOfRoster} to read.
 */
export async function readRosterCsv(
  input: Readable,
  maxBytes = MAX_ROSTER_BYTES,
  contentType?: string,
): Promise<RosterSheet> {
  const text = decodeRoster(contentType);
  const parser = parse({
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
    max_record_size: MAX_LINE_CHARS,
    info: true,
  });
  text.on("error", (error) => parser.destroy(error));
  let bytes = 0;
  const count = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes)
      parser.destroy(
        new DomainError("body_too_large", `The roster is larger than ${maxBytes / 1024 / 1024} MB; split it.`),
      );
  };
  input.on("data", count);
  input.pipe(text).pipe(parser);

  const rows: RosterRow[] = [];
  let columns: string[] = [];
  // Lines past a record's first that its quoted cells spanned: csv-parse's own line count is off for CRLF.
  let spanned = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { empty_lines: number };
    }>) {
      // The header is line 1 after any blank lines (which csv-parse counts with those between records).
      const line = rows.length + 2 + info.empty_lines + spanned;
      if (rows.length === 0) {
        columns = Object.keys(record);
        checkHeader("csv", columns, line - 1);
      }
      if (rows.length === MAX_RECORDS) throw tooManyRecords(line);
      rows.push({ line, cells: record });
      for (const cell of Object.values(record)) spanned += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const e = error as { lines?: number; message: string };
    throw new DomainError("invalid_csv", "The CSV could not be read.", [{ row: e.lines, message: e.message }]);
  } finally {
    input.off("data", count);
    input.unpipe(text);
    text.destroy();
    parser.destroy();
  }
  if (rows.length === 0) throw noRecords("csv", 2);
  return { format: "csv", columns, rows };
}
