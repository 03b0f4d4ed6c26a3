import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { DomainError } from "../errors.js";
import { decodeRoster } from "./decodeRoster.js";
import { creditsToHundredths } from "../validators.js";

export const ROSTER_COLUMNS = [
  "homeId",
  "courseId",
  "courseVersion",
  "term",
  "credits",
  "studentRef",
  "grade",
  "completionDate",
] as const;

/** The most records one submission may hold, JSON or CSV. */
export const MAX_RECORDS = 10_000;
/** The largest CSV roster read (10,000 records of spreadsheet cells fit well within it). */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;

/**
 * A term's roster as a registrar exports it from a spreadsheet (UTF-8, GBK/GB18030 or UTF-16: see
 * {@link decodeRoster}), read from `input` as it arrives: a
 * header row with the columns above (courseVersion may be left empty for 1), credits as on the
 * transcript ("2.5"). Reading stops at the first record past {@link MAX_RECORDS} (413
 * `too_many_records`) or byte past `maxBytes` (413 `body_too_large`), so a huge upload is never held
 * whole. Returns records in the JSON shape (credits still the transcript's decimal string); problems
 * name the CSV line and column.
 */
export async function readRosterCsv(
  input: Readable,
  maxBytes = MAX_CSV_BYTES,
  contentType?: string,
): Promise<Array<Record<string, unknown>>> {
  const text = decodeRoster(contentType);
  const parser = parse({ columns: true, skip_empty_lines: true, trim: true, bom: true, max_record_size: 10_000 });
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

  const problems: Array<{ row: number; column: string; message: string }> = [];
  const integer = (row: number, column: string, value: string) => {
    if (!/^\d{1,10}$/.test(value))
      problems.push({ row, column, message: `expected a whole number, got "${value.slice(0, 40)}"` });
    return Number(value);
  };
  const records: Array<Record<string, unknown>> = [];
  try {
    for await (const r of parser as AsyncIterable<Record<string, string>>) {
      const line = records.length + 2; // the header is line 1
      if (records.length === 0) {
        const missing = ROSTER_COLUMNS.filter((c) => c !== "courseVersion" && !(c in r));
        if (missing.length)
          throw new DomainError(
            "invalid_csv",
            `The CSV header lacks ${missing.join(", ")}.`,
            missing.map((column) => ({ row: 1, column })),
          );
      }
      if (records.length === MAX_RECORDS)
        throw new DomainError(
          "too_many_records",
          `A submission holds at most ${MAX_RECORDS.toLocaleString("en")} records; split the roster.`,
          [{ row: line, max: MAX_RECORDS }],
        );
      if (creditsToHundredths(r.credits ?? "") === undefined)
        problems.push({
          row: line,
          column: "credits",
          message: `expected credits such as 3 or 2.5, got "${(r.credits ?? "").slice(0, 40)}"`,
        });
      records.push({
        homeId: integer(line, "homeId", r.homeId ?? ""),
        courseId: integer(line, "courseId", r.courseId ?? ""),
        courseVersion: r.courseVersion ? integer(line, "courseVersion", r.courseVersion) : 1,
        term: integer(line, "term", r.term ?? ""),
        credits: r.credits,
        studentRef: r.studentRef,
        grade: r.grade,
        completionDate: r.completionDate,
      });
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
  if (records.length === 0) throw new DomainError("invalid_csv", "The CSV has a header but no records.", [{ row: 2 }]);
  if (problems.length)
    throw new DomainError(
      "invalid_csv",
      "Some CSV cells are not valid; see details for each line and column.",
      problems.slice(0, 1_000),
    );
  return records;
}

/** Maps a problem on `records.<i>.<field>` to the CSV line and column it came from, keeping its other fields (such as `reason`). */
export function toCsvDetail(detail: { field: string; message: string }) {
  const match = /^records\.(\d+)\.(\w+)$/.exec(detail.field);
  if (!match) return detail;
  const { field: _field, ...rest } = detail;
  return { row: Number(match[1]) + 2, column: match[2], ...rest };
}
