import type { Readable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import { zipSync } from "fflate";
import { readSheet } from "read-excel-file/node";
import { DomainError } from "../errors.js";
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

/** The media type of an Excel workbook (.xlsx), as browsers and curl send it. */
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** What a workbook's XML parts may unpack to, together: a 10,000-record roster is a few MB. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** The last row and column any sheet may address: rows and columns are allocated up to the furthest cell. */
const MAX_SHEET_ROWS = 3 * MAX_RECORDS;
const MAX_SHEET_COLUMNS = 64;

const invalidXlsx = (message: string, reason: string) =>
  new DomainError("invalid_xlsx", message, [{ field: "body", reason }]);

/**
 * A roster saved from Excel or WPS as .xlsx: the first worksheet, whose first non-empty row is the
 * header (the CSV's column names), each later non-empty row a record on its row number. Cells are read
 * as the CSV of the same sheet would hold them: text as is (trimmed), numbers as their decimal string
 * (2.5, 20261; to Excel's 15 significant digits, so 0.1+0.2 is 0.3), date cells as YYYY-MM-DD, TRUE
 * and FALSE. The same limits as a CSV: {@link MAX_RECORDS} records (413 `too_many_records`),
 * `maxBytes` of upload (413 `body_too_large`).
 *
 * A body that is not a workbook (an .xls, an .ods, a damaged or password-protected file) is 400
 * `invalid_xlsx`, and so is one a member could use to exhaust the gateway: parts unpacking to more
 * than 64 MB, or a sheet addressing cells past row 30,000 or column 64 (the spreadsheet reader
 * allocates every row and column up to the furthest cell). The reader only ever sees parts that were
 * unpacked here within those limits.
 */
export async function readRosterXlsx(input: Readable, maxBytes = MAX_ROSTER_BYTES): Promise<RosterSheet> {
  const parts = unpackXmlParts(await readWhole(input, maxBytes));
  if (!parts.has("xl/workbook.xml"))
    throw invalidXlsx("The body is a zip archive but not an Excel workbook (.xlsx).", "not_a_workbook");
  for (const [name, xml] of parts) checkSheetExtent(name, xml.toString("utf8"));

  let sheet: unknown[][];
  try {
    sheet = await readSheet(Buffer.from(zipSync(Object.fromEntries(parts), { level: 0 })), 1, {
      parseNumber: (text: string) => new SheetNumber(text),
    });
  } catch (error) {
    throw invalidXlsx(
      `The workbook could not be read: ${String((error as Error).message)
        .split("\n")[0]
        .slice(0, 200)}.`,
      "unreadable",
    );
  }

  const rows: RosterRow[] = [];
  let columns: string[] | undefined;
  for (const [index, values] of sheet.entries()) {
    const texts = values.map(cellText);
    if (texts.every((t) => t === "")) continue;
    const line = index + 1;
    if (texts.reduce((n, t) => n + t.length, 0) > MAX_LINE_CHARS)
      throw invalidXlsx(
        `Row ${line} holds more than ${MAX_LINE_CHARS.toLocaleString("en")} characters.`,
        "row_too_long",
      );
    if (!columns) {
      columns = texts;
      checkHeader("xlsx", columns.filter(Boolean), line);
      continue;
    }
    if (rows.length === MAX_RECORDS) throw tooManyRecords(line);
    const cells: Record<string, string> = {};
    for (const [i, column] of columns.entries()) if (column) cells[column] = texts[i] ?? "";
    rows.push({ line, cells });
  }
  if (!columns) throw invalidXlsx("The first worksheet is empty.", "empty_sheet");
  if (rows.length === 0) throw noRecords("xlsx", 2);
  return { format: "xlsx", columns: columns.filter(Boolean), rows };
}

/** A number cell, as the sheet stores it ("2.5", "20261", "0.30000000000000004"). */
class SheetNumber {
  constructor(readonly text: string) {}
}

/** A cell as a CSV saved from the same sheet holds it. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof SheetNumber) {
    const n = Number(value.text);
    return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : value.text;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value).trim();
}

/**
 * The upload, whole (a zip is read from its end); 413 `body_too_large` past `maxBytes`, never held
 * beyond it. The rest of an upload too large is let through unread, so the client gets the answer.
 */
function readWhole(input: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const stop = () => {
      input.off("data", take).off("end", done).off("error", fail);
      input.resume();
    };
    const take = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) return void chunks.push(chunk);
      stop();
      reject(new DomainError("body_too_large", `The roster is larger than ${maxBytes / 1024 / 1024} MB; split it.`));
    };
    const done = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const fail = () => {
      stop();
      reject(invalidXlsx("The upload was interrupted.", "interrupted"));
    };
    input.on("data", take).on("end", done).on("error", fail);
  });
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/**
 * The workbook's XML parts (`.xml`, `.rels`), by name, each unpacked with a budget: inflating stops as
 * soon as the parts together pass {@link MAX_UNPACKED_BYTES}, however small the archive (a zip bomb
 * costs what the budget allows, not what it claims).
 */
function unpackXmlParts(zip: Buffer): Map<string, Buffer> {
  if (zip.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw invalidXlsx(
      "The body is an Excel 97-2003 workbook (.xls) or an encrypted workbook; save it as .xlsx, without a password.",
      "xls_or_encrypted",
    );
  if (zip.length < 22 || zip.readUInt32LE(0) !== LOCAL_HEADER)
    throw invalidXlsx("The body is not an Excel workbook (.xlsx).", "not_a_zip");
  const damaged = () => invalidXlsx("The workbook is damaged (its zip structure cannot be read).", "damaged");
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--)
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  if (end < 0) throw damaged();
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const parts = new Map<string, Buffer>();
  let budget = MAX_UNPACKED_BYTES;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL_HEADER) throw damaged();
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const packed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (!/\.(xml|rels)$/i.test(name)) continue;
    if (flags & 1) throw invalidXlsx("The workbook is password-protected; save it without a password.", "encrypted");
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL_HEADER) throw damaged();
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + packed > zip.length) throw damaged();
    const data = zip.subarray(start, start + packed);
    let part: Buffer;
    if (method === 0) part = Buffer.from(data);
    else if (method === 8) {
      try {
        part = inflateRawSync(data, { maxOutputLength: Math.max(budget, 1) });
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
        throw damaged();
      }
    } else throw invalidXlsx(`The workbook's part ${name.slice(0, 100)} is compressed in an unknown way.`, "damaged");
    budget -= part.length;
    if (budget < 0) throw tooLarge();
    parts.set(name, part);
  }
  return parts;
}

const tooLarge = () =>
  invalidXlsx(
    `The workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; a roster is far smaller (is it the right file?).`,
    "unpacks_too_large",
  );

/** `<row …>` and `<c …>` start tags (any namespace prefix), attributes whole: a quoted `>` does not end them. */
const ROW_OR_CELL = /<(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const R_ATTRIBUTE = /(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Refuses a sheet addressing a cell past {@link MAX_SHEET_ROWS} or {@link MAX_SHEET_COLUMNS}, counting
 * rows and cells without an address as the next one, as the reader does. Every worksheet is looked at,
 * whichever the workbook names first.
 */
function checkSheetExtent(name: string, xml: string): void {
  if (!xml.includes("sheetData")) return; // not a worksheet (a drawing's anchors have rows too)
  let row = 0;
  let column = 0;
  for (const [, tag, attributes] of xml.matchAll(ROW_OR_CELL)) {
    const addresses = [...attributes.matchAll(R_ATTRIBUTE)].map((m) => m[1] ?? m[2]);
    if (tag === "row") {
      if (addresses.some((a) => !/^\d{1,7}$/.test(a))) throw badAddress(name);
      row = addresses.length ? Math.max(...addresses.map(Number)) : row + 1;
      column = 0;
    } else {
      if (addresses.some((a) => !/^[A-Z]{1,3}\d{1,7}$/.test(a))) throw badAddress(name);
      column = addresses.length ? Math.max(...addresses.map(columnNumber)) : column + 1;
      if (addresses.length) row = Math.max(row, ...addresses.map((a) => Number(/\d+$/.exec(a)![0])));
    }
    if (row > MAX_SHEET_ROWS || column > MAX_SHEET_COLUMNS)
      throw invalidXlsx(
        `A sheet of the workbook reaches row ${row}, column ${column}: a roster is read from at most ${MAX_SHEET_ROWS.toLocaleString("en")} rows and ${MAX_SHEET_COLUMNS} columns (it holds at most ${MAX_RECORDS.toLocaleString("en")} records).`,
        "sheet_too_large",
      );
  }
}

const badAddress = (name: string) =>
  invalidXlsx(`The workbook's part ${name.slice(0, 100)} has a cell address that is not A1-style.`, "damaged");

/** "A" is 1, "Z" 26, "AA" 27. */
function columnNumber(address: string): number {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(address)![0]) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}
