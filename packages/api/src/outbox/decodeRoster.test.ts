import { Readable } from "node:stream";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { readRosterCsv } from "./parseRosterCsv.js";

const HEADER = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\n";
const roster = (rows: number) =>
  HEADER + Array.from({ length: rows }, (_, i) => `2,1,1,20261,2.5,学生-${i},优秀,2026-07-01\n`).join("");

/** The bytes as a stream of small chunks, so characters and the sample straddle chunk boundaries. */
const upload = (bytes: Buffer, chunk = 7) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk)),
  );
const read = async (bytes: Buffer, contentType?: string, chunk?: number) =>
  (await readRosterCsv(upload(bytes, chunk), undefined, contentType)).rows.map((r) => r.cells);

describe("readRosterCsv's encodings", () => {
  it.each([
    ["UTF-8", Buffer.from(roster(3), "utf8")],
    ["UTF-8 with BOM (Excel's CSV UTF-8)", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(roster(3))])],
    ["GBK (Excel and WPS's default CSV in China)", iconv.encode(roster(3), "gbk")],
    ["GB18030", iconv.encode(roster(3), "gb18030")],
    ["UTF-16LE with BOM (Excel's Unicode text)", iconv.encode(roster(3), "utf-16le", { addBOM: true })],
    ["UTF-16BE without BOM", iconv.encode(roster(3), "utf-16be")],
  ])("reads %s with the Chinese text intact", async (_name, bytes) => {
    const records = await read(bytes);
    expect(records.map((r) => [r.studentRef, r.grade])).toEqual([0, 1, 2].map((i) => [`学生-${i}`, "优秀"]));
  });

  it("takes the charset the request names", async () => {
    const records = await read(iconv.encode(roster(1), "gbk"), "text/csv; charset=GBK");
    expect(records[0].grade).toBe("优秀");
  });

  it("decides on the first 64 KB and reads a long GBK roster whole", async () => {
    const records = await read(iconv.encode(roster(3_000), "gbk"), undefined, 4_096);
    expect(records).toHaveLength(3_000);
    expect(records[2_999].studentRef).toBe("学生-2999");
  });

  it("refuses bytes that are no encoding a spreadsheet writes, and never returns garbled text", async () => {
    const garbage = Buffer.concat([Buffer.from(HEADER), Buffer.from([0x32, 0x2c, 0xff, 0xff, 0xff, 0x80, 0x0a])]);
    await expect(read(garbage)).rejects.toMatchObject({ code: "roster_encoding_unknown" });
  });

  it("refuses a UTF-8 roster with an invalid byte after the sample", async () => {
    const bytes = Buffer.concat([Buffer.from(roster(2_000)), Buffer.from([0xc3, 0x28, 0x0a])]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    await expect(read(bytes, undefined, 4_096)).rejects.toMatchObject({ code: "roster_encoding_unknown" });
  });

  it("refuses a charset a roster cannot be in", async () => {
    await expect(read(Buffer.from(roster(1)), "text/csv; charset=shift_jis")).rejects.toMatchObject({
      code: "roster_encoding_unknown",
    });
  });
});
