import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { rosterEncoding } from "./rosterEncoding.js";

const HEADER = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\n";
const roster = (rows: number) =>
  HEADER + Array.from({ length: rows }, (_, i) => `2,1,1,20261,2.5,学生-${i},优秀,2026-07-01\n`).join("");

describe("rosterEncoding: the gateway's rule, checked over the whole file", () => {
  it.each([
    ["UTF-8", Buffer.from(roster(3)), "utf-8"],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(roster(3))]), "utf-8"],
    ["GBK", iconv.encode(roster(3), "gbk"), "gb18030"],
    ["GB18030", iconv.encode(roster(3), "gb18030"), "gb18030"],
    ["UTF-16LE with BOM", iconv.encode(roster(3), "utf-16le", { addBOM: true }), "utf-16le"],
    ["UTF-16BE without BOM", iconv.encode(roster(3), "utf-16be"), "utf-16be"],
    ["a long GBK roster", iconv.encode(roster(3_000), "gbk"), "gb18030"],
  ])("tells %s", async (_name, bytes, encoding) => {
    expect(await rosterEncoding(bytes)).toBe(encoding);
  });

  it("cannot tell bytes no spreadsheet writes", async () => {
    const garbage = Buffer.concat([Buffer.from(HEADER), Buffer.from([0x32, 0x2c, 0xff, 0xff, 0xff, 0x80, 0x0a])]);
    expect(await rosterEncoding(garbage)).toBeUndefined();
  });

  it("cannot tell a file whose first 64 KB say one encoding and whose rest is another", async () => {
    const ascii = HEADER + "2,1,1,20261,2.5,S-1,A,2026-07-01\n".repeat(3_000);
    const mixed = Buffer.concat([Buffer.from(ascii), iconv.encode("2,1,1,20261,2.5,学生,优秀,2026-07-01\n", "gbk")]);
    expect(mixed.length).toBeGreaterThan(64 * 1024);
    expect(await rosterEncoding(mixed)).toBeUndefined();
  });
});
