import { DomainError } from "../errors.js";
import { creditsToHundredths } from "../validators.js";

/** The columns of a roster (CSV or spreadsheet), named as the JSON records' fields; courseVersion may be left out. */
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

/** The most records one submission may hold, JSON, CSV or spreadsheet. */
export const MAX_RECORDS = 10_000;
/** The largest roster file read, CSV or spreadsheet (10,000 records of spreadsheet cells fit well within it). */
export const MAX_ROSTER_BYTES = 20 * 1024 * 1024;
/** The most characters one roster line (all its cells) may hold. */
export const MAX_LINE_CHARS = 10_000;

/** The file kinds a roster comes as; each names its own code for a file it cannot read or cells that are not valid. */
export type RosterFormat = "csv" | "xlsx";
export const INVALID_ROSTER = { csv: "invalid_csv", xlsx: "invalid_xlsx" } as const;
const FILE_NAME = { csv: "CSV", xlsx: "spreadsheet" } as const;

/** A roster line as the file has it: its line (a spreadsheet's row number) and its cells by column. */
export interface RosterRow {
  line: number;
  cells: Record<string, string>;
}

/** A roster as the file has it: the header's columns, and every record's line and cells. */
export interface RosterSheet {
  format: RosterFormat;
  columns: string[];
  rows: RosterRow[];
}

/** A problem with a submitted record, named as the schema and the catalogue name them: `records.<i>.<field>`. */
export interface FieldProblem {
  field: string;
  message: string;
  /** The catalogue's reason (`unknown_course`...), or `unknown_column` for a field no record has. */
  reason?: string;
}

/** Refuses a header without the columns a record needs (400 `invalid_csv` or `invalid_xlsx`, naming each). */
export function checkHeader(format: RosterFormat, columns: readonly string[], line = 1): void {
  const missing = ROSTER_COLUMNS.filter((c) => c !== "courseVersion" && !columns.includes(c));
  if (missing.length)
    throw new DomainError(
      INVALID_ROSTER[format],
      `The ${FILE_NAME[format]}'s header lacks ${missing.join(", ")}.`,
      missing.map((column) => ({ row: line, column })),
    );
}

/** 413 `too_many_records`, at the first line past {@link MAX_RECORDS}. */
export const tooManyRecords = (line: number) =>
  new DomainError(
    "too_many_records",
    `A submission holds at most ${MAX_RECORDS.toLocaleString("en")} records; split the roster.`,
    [{ row: line, max: MAX_RECORDS }],
  );

/** 400 for a roster with a header and nothing under it. */
export const noRecords = (format: RosterFormat, line: number) =>
  new DomainError(INVALID_ROSTER[format], `The ${FILE_NAME[format]} has a header but no records.`, [{ row: line }]);

/**
 * A roster's records in the JSON shape, each cell read as its field holds it: whole numbers as numbers,
 * an empty courseVersion as 1, credits still the transcript's decimal string. A cell that cannot be
 * its field's (a word for a whole number, credits with three decimals) is a problem on
 * `records.<i>.<column>`; the schema then checks everything else, exactly as for a JSON submission.
 */
export function recordsOfRoster(sheet: RosterSheet): {
  records: Array<Record<string, unknown>>;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const records = sheet.rows.map(({ cells }, i) => {
    const integer = (column: string, value: string) => {
      if (!/^\d{1,10}$/.test(value))
        problems.push({
          field: `records.${i}.${column}`,
          message: `expected a whole number, got "${value.slice(0, 40)}"`,
        });
      return Number(value);
    };
    if (creditsToHundredths(cells.credits ?? "") === undefined)
      problems.push({
        field: `records.${i}.credits`,
        message: `expected credits such as 3 or 2.5, got "${(cells.credits ?? "").slice(0, 40)}"`,
      });
    return {
      homeId: integer("homeId", cells.homeId ?? ""),
      courseId: integer("courseId", cells.courseId ?? ""),
      courseVersion: cells.courseVersion ? integer("courseVersion", cells.courseVersion) : 1,
      term: integer("term", cells.term ?? ""),
      credits: cells.credits,
      studentRef: cells.studentRef,
      grade: cells.grade,
      completionDate: cells.completionDate,
    };
  });
  return { records, problems };
}

/**
 * Restates a problem on `records.<i>.<field>` by the roster's line and column (`row`, `column`), keeping
 * its other fields (such as `reason`); `lines[i]` is record i's line (else the header's line 1 plus i + 1).
 */
export function toRosterDetail(detail: FieldProblem, lines?: readonly number[]) {
  const at = recordFieldOf(detail.field);
  if (!at) return detail;
  const { field: _field, ...rest } = detail;
  return { row: lines?.[at.index] ?? at.index + 2, column: at.column, ...rest };
}

/** `records.3.credits` as record 3's column credits; `records.3` as record 3 as a whole (column null). */
export function recordFieldOf(field: string): { index: number; column: string | null } | undefined {
  const match = /^records\.(\d+)(?:\.([^.]+))?$/.exec(field);
  return match ? { index: Number(match[1]), column: match[2] ?? null } : undefined;
}
