import { parse } from "csv-parse/sync";
import { ApiError } from "../errors.js";

export const ROSTER_COLUMNS = ["homeId", "courseId", "courseVersion", "term", "credits", "studentRef", "grade", "completionDate"] as const;

/**
 * A term's roster as a registrar exports it from a spreadsheet: a header row with the columns above
 * (courseVersion may be left empty for 1), credits as on the transcript ("2.5"). Returns records in
 * the JSON shape (credits in hundredths); problems name the CSV line and column.
 */
export function parseRosterCsv(text: string): Array<Record<string, unknown>> {
  let rows: Array<Record<string, string>>;
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, max_record_size: 10_000 });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new ApiError(400, "invalid_csv", "The CSV could not be read.", [{ row: e.lines, message: e.message }]);
  }
  if (rows.length === 0) throw new ApiError(400, "invalid_csv", "The CSV has a header but no records.", [{ row: 2 }]);
  const missing = ROSTER_COLUMNS.filter((c) => c !== "courseVersion" && !(c in rows[0]));
  if (missing.length) throw new ApiError(400, "invalid_csv", `The CSV header lacks ${missing.join(", ")}.`, missing.map((column) => ({ row: 1, column })));

  const problems: Array<{ row: number; column: string; message: string }> = [];
  const integer = (row: number, column: string, value: string) => {
    if (!/^\d+$/.test(value)) problems.push({ row, column, message: `expected a whole number, got "${value}"` });
    return Number(value);
  };
  const records = rows.map((r, i) => {
    const line = i + 2; // the header is line 1
    const credits = /^\d+(\.\d{1,2})?$/.test(r.credits ?? "") ? Math.round(Number(r.credits) * 100) : (problems.push({ row: line, column: "credits", message: `expected credits such as 3 or 2.5, got "${r.credits ?? ""}"` }), 0);
    return {
      homeId: integer(line, "homeId", r.homeId ?? ""),
      courseId: integer(line, "courseId", r.courseId ?? ""),
      courseVersion: r.courseVersion ? integer(line, "courseVersion", r.courseVersion) : 1,
      term: integer(line, "term", r.term ?? ""),
      credits,
      studentRef: r.studentRef,
      grade: r.grade,
      completionDate: r.completionDate,
    };
  });
  if (problems.length) throw new ApiError(400, "invalid_csv", "Some CSV cells are not valid; see details for each line and column.", problems);
  return records;
}

/** Maps a validation problem on `records.<i>.<field>` to the CSV line and column it came from. */
export function toCsvDetail(detail: { field: string; message: string }) {
  const match = /^records\.(\d+)\.(\w+)$/.exec(detail.field);
  return match ? { row: Number(match[1]) + 2, column: match[2], message: detail.message } : detail;
}
