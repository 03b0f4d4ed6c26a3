import type { AllianceClient } from "@alliance-ledger/sdk";
import type { Request } from "express";
import type { z } from "zod";
import { DomainError } from "../../errors.js";
import { validate } from "../../http/validate.js";
import { catalogProblems, MAX_DETAILS, refusedByCatalog } from "../../outbox/checkCatalog.js";
import { readRosterCsv } from "../../outbox/parseRosterCsv.js";
import { readRosterXlsx, XLSX_MEDIA_TYPE } from "../../outbox/readRosterXlsx.js";
import {
  type FieldProblem,
  INVALID_ROSTER,
  ROSTER_COLUMNS,
  type RosterFormat,
  type RosterRow,
  recordFieldOf,
  recordsOfRoster,
  toRosterDetail,
} from "../../outbox/roster.js";
import { AttestationInput, type RosterPreview, SubmissionEnvelope, type SubmittedRecord } from "./schemas.js";

/**
 * A submission as read (JSON, a CSV roster or an .xlsx roster) and checked against the one set of
 * rules: its rows as sent, each valid record, and every invalid field of every record.
 */
export interface ExaminedSubmission {
  format: "json" | RosterFormat;
  columns: string[];
  rows: RosterRow[];
  /** The records in the JSON shape: what the Idempotency-Key's request hash covers. */
  raw: unknown[];
  /** Each record as the schema reads it (credits in hundredths), `undefined` where a field is not valid. */
  records: Array<SubmittedRecord | undefined>;
  /** Every invalid field of every record, on `records.<i>.<field>`, in record order. */
  invalid: FieldProblem[];
}

/** The roster kind a request's Content-Type names, if any. */
function rosterFormat(req: Request): RosterFormat | undefined {
  if (req.is("text/csv")) return "csv";
  if (req.is(XLSX_MEDIA_TYPE)) return "xlsx";
  return undefined;
}

/**
 * Reads a submission and finds every problem its fields have, stopping at none. A roster is streamed
 * (within the limits of 10,000 records and 20 MB) and becomes the request body, so the
 * Idempotency-Key's hash covers its records. Only what cannot be read as records at all is thrown: a
 * malformed or undecodable file, a header lacking a column, a JSON body without `records`, the limits.
 */
export async function examineSubmission(req: Request): Promise<ExaminedSubmission> {
  const format = rosterFormat(req);
  let columns: string[];
  let rows: RosterRow[];
  let raw: unknown[];
  const invalid: FieldProblem[] = [];
  if (format) {
    const sheet =
      format === "csv" ? await readRosterCsv(req, undefined, req.get("content-type")) : await readRosterXlsx(req);
    const read = recordsOfRoster(sheet);
    ({ columns, rows } = sheet);
    raw = read.records;
    invalid.push(...read.problems);
    req.body = { records: raw };
  } else {
    raw = validate(SubmissionEnvelope, req.body).records;
    rows = raw.map((record, i) => ({ line: i + 1, cells: cellsOfJson(record) }));
    const fields = new Set<string>(ROSTER_COLUMNS);
    for (const { cells } of rows) for (const field of Object.keys(cells)) fields.add(field);
    columns = [...fields];
  }
  const records = raw.map((record, i) => {
    const result = AttestationInput.safeParse(record);
    if (result.success) return result.data;
    invalid.push(...result.error.issues.flatMap((issue) => problemsOf(i, issue)));
    return undefined;
  });
  return { format: format ?? "json", columns, rows, raw, records, invalid: onePerField(invalid) };
}

/** A zod issue of record `i` as problems on `records.<i>.<field>`: one per unknown field, named. */
function problemsOf(i: number, issue: z.core.$ZodIssue): FieldProblem[] {
  if (issue.code === "unrecognized_keys" && issue.path.length === 0)
    return issue.keys.map((key) => ({
      field: `records.${i}.${key}`,
      message: issue.message,
      reason: "unknown_column",
    }));
  return [{ field: ["records", i, ...issue.path].join("."), message: issue.message }];
}

/**
 * The first problem of each field (a roster cell's own reading says it best, the schema's is then
 * redundant), in record order, then the roster's column order.
 */
function onePerField(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  const place = (p: FieldProblem) => {
    const at = recordFieldOf(p.field);
    const column = ROSTER_COLUMNS.indexOf(at?.column as (typeof ROSTER_COLUMNS)[number]);
    return (at?.index ?? -1) * 100 + (at?.column == null ? -1 : column < 0 ? 99 : column);
  };
  return problems
    .filter((p) => !seen.has(p.field) && seen.add(p.field))
    .map((p) => ({ p, at: place(p) }))
    .sort((a, b) => a.at - b.at)
    .map(({ p }) => p);
}

/** A JSON record's fields as cells: what a spreadsheet would show. */
function cellsOfJson(record: unknown): Record<string, string> {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return {};
  return Object.fromEntries(
    Object.entries(record).map(([field, value]) => [
      field,
      value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value),
    ]),
  );
}

/**
 * The submission POST /attestations stores, vetted before anything is: every field valid (else 400
 * `validation_failed` naming `records.<i>.<field>`, or for a roster `invalid_csv` / `invalid_xlsx`
 * naming each line and column), then every record one the ledger would honour (else 400
 * `record_refused_by_catalog`, each refusal with its `reason`). The problems are those the preview
 * lists; at most 1,000 are named.
 */
export async function vetSubmission(req: Request, reader: AllianceClient): Promise<{ records: SubmittedRecord[] }> {
  const issuerId = req.apiKey!.memberId!;
  const examined = await examineSubmission(req);
  const { format, invalid } = examined;
  const lines = examined.rows.map((r) => r.line);
  if (invalid.length) {
    if (format === "json")
      throw new DomainError(
        "validation_failed",
        "The request is not valid; see details for each field.",
        invalid.slice(0, MAX_DETAILS),
      );
    throw new DomainError(
      INVALID_ROSTER[format],
      `Some ${format === "csv" ? "CSV" : "spreadsheet"} cells are not valid; see details for each line and column.`,
      invalid.slice(0, MAX_DETAILS).map((p) => toRosterDetail(p, lines)),
    );
  }
  const refused = await catalogProblems(reader, issuerId, examined.records);
  if (refused.length)
    throw refusedByCatalog(format === "json" ? refused : refused.map((p) => toRosterDetail(p, lines)));
  return { records: examined.records as SubmittedRecord[] };
}

/**
 * A dry run of POST /attestations: the same reading and the same checks, every problem of every row
 * listed (each invalid cell, then what the catalogue refuses of the rows whose cells are valid), nothing
 * stored.
 */
export async function previewSubmission(req: Request, reader: AllianceClient): Promise<z.infer<typeof RosterPreview>> {
  const issuerId = req.apiKey!.memberId!;
  const examined = await examineSubmission(req);
  const refused = await catalogProblems(reader, issuerId, examined.records);
  const columnAt = new Map(examined.columns.map((c, i) => [c, i]));
  const place = (column: string | null) => (column === null ? -1 : (columnAt.get(column) ?? examined.columns.length));
  const problems = [...examined.invalid, ...refused]
    .map((p) => {
      const at = recordFieldOf(p.field);
      const row = at && examined.rows[at.index];
      const column = at?.column ?? null;
      const cell = row && column !== null ? row.cells[column] : undefined;
      const code =
        p.reason ??
        (column === null ? "invalid_record" : cell === undefined || cell === "" ? "missing_value" : "invalid_value");
      return { line: row ? row.line : null, column, code, message: p.message };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || place(a.column) - place(b.column));
  return {
    count: examined.rows.length,
    ok: problems.length === 0,
    columns: examined.columns,
    rows: examined.rows,
    problems,
  };
}
