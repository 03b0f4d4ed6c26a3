import { Readable } from "node:stream";
import { deflateRawSync } from "node:zlib";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import writeXlsxFile, { type SheetData } from "write-excel-file/node";
import { readRosterXlsx } from "./readRosterXlsx.js";
import { recordsOfRoster, ROSTER_COLUMNS } from "./roster.js";

const HEADER = [...ROSTER_COLUMNS];
const date = (iso: string) => ({ value: new Date(`${iso}T00:00:00Z`), type: Date, format: "yyyy-mm-dd" });
const xlsx = async (rows: SheetData) => writeXlsxFile(rows).toBuffer();
const read = (bytes: Buffer, maxBytes?: number) => readRosterXlsx(Readable.from([bytes]), maxBytes);

/** A workbook whose first sheet's XML is rewritten by `edit` (what no spreadsheet program writes, a hostile member might). */
async function withSheetXml(edit: (xml: string) => string, level: 0 | 9 = 9) {
  const parts = unzipSync(await xlsx([HEADER, [2, 1, 1, 20261, 3, "S", "A", "2026-07-01"]]));
  parts["xl/worksheets/sheet1.xml"] = strToU8(edit(strFromU8(parts["xl/worksheets/sheet1.xml"])));
  return Buffer.from(zipSync(parts, { level }));
}

describe("readRosterXlsx", () => {
  it("reads the first sheet's cells as the CSV of the same sheet would hold them, on their row numbers", async () => {
    const sheet = await read(
      await xlsx([
        [],
        HEADER,
        [2, 1, null, 20261, 2.5, "学生-甲", "优秀", date("2026-07-02")],
        [],
        [3, 1, 2, 20261, 0.1 + 0.2, 20260001, "  B+ ", "2026-07-03"],
        [true, 1, 1, 20261, 3, "S", "A", date("2026-12-31")],
      ]),
    );
    expect(sheet.columns).toEqual(HEADER);
    expect(sheet.rows).toEqual([
      {
        line: 3,
        cells: {
          homeId: "2",
          courseId: "1",
          courseVersion: "",
          term: "20261",
          credits: "2.5",
          studentRef: "学生-甲",
          grade: "优秀",
          completionDate: "2026-07-02",
        },
      },
      {
        line: 5,
        cells: {
          homeId: "3",
          courseId: "1",
          courseVersion: "2",
          term: "20261",
          credits: "0.3", // Excel shows, and saves as CSV, 15 significant digits
          studentRef: "20260001",
          grade: "B+",
          completionDate: "2026-07-03",
        },
      },
      {
        line: 6,
        cells: expect.objectContaining({ homeId: "TRUE", completionDate: "2026-12-31" }),
      },
    ]);
    const { records, problems } = recordsOfRoster(sheet);
    expect(records[0]).toEqual({
      homeId: 2,
      courseId: 1,
      courseVersion: 1,
      term: 20261,
      credits: "2.5",
      studentRef: "学生-甲",
      grade: "优秀",
      completionDate: "2026-07-02",
    });
    expect(problems).toEqual([{ field: "records.2.homeId", message: 'expected a whole number, got "TRUE"' }]);
  });

  it("refuses a header without the roster's columns, a sheet without records, and what is not a workbook", async () => {
    await expect(
      read(
        await xlsx([
          ["homeId", "credits"],
          [2, 3],
        ]),
      ),
    ).rejects.toMatchObject({
      code: "invalid_xlsx",
      details: expect.arrayContaining([{ row: 1, column: "courseId" }]),
    });
    await expect(read(await xlsx([HEADER]))).rejects.toMatchObject({ code: "invalid_xlsx" });
    await expect(read(await xlsx([[null]]))).rejects.toMatchObject({ code: "invalid_xlsx" });
    const csv = Buffer.from("homeId,courseId\n2,1\n");
    await expect(read(csv)).rejects.toMatchObject({ code: "invalid_xlsx", details: [{ reason: "not_a_zip" }] });
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expect(read(xls)).rejects.toMatchObject({ code: "invalid_xlsx", details: [{ reason: "xls_or_encrypted" }] });
    const otherZip = Buffer.from(zipSync({ "word/document.xml": strToU8("<w:document/>") }));
    await expect(read(otherZip)).rejects.toMatchObject({ details: [{ reason: "not_a_workbook" }] });
    const good = await xlsx([HEADER, [2, 1, 1, 20261, 3, "S", "A", "2026-07-01"]]);
    await expect(read(good.subarray(0, good.length - 30))).rejects.toMatchObject({ code: "invalid_xlsx" });
    const broken = await withSheetXml((xml) => xml.replace("</sheetData>", "<row><c"));
    await expect(read(broken)).rejects.toMatchObject({ code: "invalid_xlsx" });
  });

  it("stops reading past the byte limit and past 10,000 records", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024);
    await expect(read(big, 1024 * 1024)).rejects.toMatchObject({ code: "body_too_large" });
    const rows = Array.from({ length: 10_001 }, (_, i) => [2, 1, 1, 20261, 3, `S-${i}`, "A", "2026-07-01"]);
    await expect(read(await xlsx([HEADER, ...rows]))).rejects.toMatchObject({
      code: "too_many_records",
      details: [{ row: 10_002, max: 10_000 }],
    });
  }, 60_000);

  describe("a hostile workbook", () => {
    it("a zip bomb: parts unpacking past 64 MB are refused as they inflate, however small the archive", async () => {
      const bomb = await withSheetXml((xml) =>
        xml.replace("</worksheet>", `${" ".repeat(80 * 1024 * 1024)}</worksheet>`),
      );
      expect(bomb.length).toBeLessThan(1024 * 1024);
      await expect(read(bomb)).rejects.toMatchObject({
        code: "invalid_xlsx",
        details: [{ reason: "unpacks_too_large" }],
      });
    });

    it("a zip whose headers understate a part's size is unpacked within the budget all the same", async () => {
      // Every header of the sheet's entry claims 100 bytes; the data inflates to far more.
      const sheetXml = Buffer.from(`<worksheet><sheetData>${" ".repeat(70 * 1024 * 1024)}</sheetData></worksheet>`);
      const packed = deflateRawSync(sheetXml);
      const name = Buffer.from("xl/worksheets/sheet1.xml");
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(8, 8);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(100, 22);
      local.writeUInt16LE(name.length, 26);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(8, 10);
      central.writeUInt32LE(packed.length, 20);
      central.writeUInt32LE(100, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(0, 42);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(1, 8);
      end.writeUInt16LE(1, 10);
      end.writeUInt32LE(46 + name.length, 12);
      end.writeUInt32LE(30 + name.length + packed.length, 16);
      const forged = Buffer.concat([local, name, packed, central, name, end]);
      await expect(read(forged)).rejects.toMatchObject({ details: [{ reason: "unpacks_too_large" }] });
    });

    const cell = (attributes: string) => `<c${attributes} t="inlineStr"><is><t>z</t></is></c>`;
    it.each([
      [
        "a cell at the sheet's last row and column",
        `<row r="1048576">${cell(' r="XFD1048576"')}</row>`,
        "sheet_too_large",
      ],
      ["a row numbered far down", `<row r="999999">${cell("")}</row>`, "sheet_too_large"],
      ["a cell far right", `<row r="3">${cell(' r="ZZ3"')}</row>`, "sheet_too_large"],
      ["a cell far down in a row near the top", `<row r="3">${cell(' r="A999999"')}</row>`, "sheet_too_large"],
      ["an address behind a quoted >", `<row r="3">${cell(' x=">" r="XFD3"')}</row>`, "sheet_too_large"],
      ["an address behind a prefixed r", `<row r="3">${cell(' x:r="A3" r="XFD3"')}</row>`, "sheet_too_large"],
      [
        "a namespaced cell far right",
        '<x:row r="3"><x:c r="XFD3" t="inlineStr"><x:is><x:t>z</x:t></x:is></x:c></x:row>',
        "sheet_too_large",
      ],
      [
        "thousands of cells without an address",
        `<row r="3">${"<c/>".repeat(5_000)}${cell("")}</row>`,
        "sheet_too_large",
      ],
      ["an address that is not A1-style", `<row r="3">${cell(' r="&#88;FD3"')}</row>`, "damaged"],
    ])("%s is refused before the spreadsheet reader allocates the sheet", async (_name, rows, reason) => {
      const hostile = await withSheetXml((xml) => xml.replace("</sheetData>", `${rows}</sheetData>`));
      await expect(read(hostile)).rejects.toMatchObject({ code: "invalid_xlsx", details: [{ reason }] });
    });

    it("a workbook with a chart or a drawing (rows and c: elements of their own) is still read", async () => {
      const parts = unzipSync(await xlsx([HEADER, [2, 1, 1, 20261, 3, "S", "A", "2026-07-01"]]));
      const anchors = "<xdr:from><xdr:col>0</xdr:col><xdr:row>5</xdr:row></xdr:from>".repeat(40_000);
      parts["xl/drawings/drawing1.xml"] = strToU8(`<xdr:wsDr>${anchors}</xdr:wsDr>`);
      parts["xl/charts/chart1.xml"] = strToU8(
        `<c:chartSpace>${"<c:ser><c:idx val='0'/></c:ser>".repeat(100)}</c:chartSpace>`,
      );
      expect((await read(Buffer.from(zipSync(parts)))).rows).toHaveLength(1);
    });

    it("a line longer than a CSV's is refused, as the CSV reader refuses it", async () => {
      await expect(
        read(await xlsx([HEADER, [2, 1, 1, 20261, 3, "S".repeat(11_000), "A", "2026-07-01"]])),
      ).rejects.toMatchObject({ code: "invalid_xlsx", details: [{ reason: "row_too_long" }] });
    });
  });
});
