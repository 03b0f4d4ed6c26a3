import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { rosterChunks } from "./rosterChunks.js";

const HEADER = "homeId,courseId,courseVersion,term,credits,studentRef,grade,completionDate\r\n";
const line = (i: number) => `2,1,1,20261,2.5,学生-${i},优秀,2026-07-01\r\n`;
const roster = (rows: number) => HEADER + Array.from({ length: rows }, (_, i) => line(i)).join("");

describe("rosterChunks", () => {
  it("sends a short roster as the file's own bytes, in one request", () => {
    const bytes = iconv.encode(roster(3), "gbk");
    const { records, chunks } = rosterChunks(bytes, "gb18030", 1_000);
    expect(records).toBe(3);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].body.equals(bytes)).toBe(true);
  });

  it("cuts a long roster between records, each chunk led by the header, every byte sent once", () => {
    const bytes = iconv.encode(roster(2_500), "gbk");
    const { records, chunks } = rosterChunks(bytes, "gb18030", 1_000);
    expect(records).toBe(2_500);
    expect(chunks.map((c) => [c.first, c.records])).toEqual([
      [0, 1_000],
      [1_000, 1_000],
      [2_000, 500],
    ]);
    const header = iconv.encode(HEADER, "gbk");
    for (const c of chunks) expect(c.body.subarray(0, header.length).equals(header)).toBe(true);
    const rest = Buffer.concat(chunks.map((c) => c.body.subarray(header.length)));
    expect(rest.equals(bytes.subarray(header.length))).toBe(true);
    expect(iconv.decode(chunks[1].body, "gb18030")).toBe(
      HEADER + Array.from({ length: 1_000 }, (_, i) => line(1_000 + i)).join(""),
    );
  });

  it("reads UTF-16 two bytes at a time, and repeats the byte-order mark with the header", () => {
    const bytes = iconv.encode(roster(5), "utf-16le", { addBOM: true });
    const { chunks } = rosterChunks(bytes, "utf-16le", 2);
    expect(chunks.map((c) => c.records)).toEqual([2, 2, 1]);
    for (const c of chunks) expect([c.body[0], c.body[1]]).toEqual([0xff, 0xfe]);
    expect(iconv.decode(chunks[2].body, "utf-16le")).toBe(HEADER + line(4));
    const be = rosterChunks(iconv.encode(roster(5), "utf-16be"), "utf-16be", 2);
    expect(iconv.decode(be.chunks[1].body, "utf-16be")).toBe(HEADER + line(2) + line(3));
  });

  it("keeps a quoted cell with a line break whole, and does not count blank lines", () => {
    const text = `${HEADER}2,1,1,20261,1,"张三\n(交换生)",A,2026-07-01\n\n   \n2,1,1,20261,1,李四,B,2026-07-01`;
    const { records, chunks } = rosterChunks(Buffer.from(text), "utf-8", 1);
    expect(records).toBe(2);
    expect(chunks.map((c) => c.body.toString())).toEqual([
      `${HEADER}2,1,1,20261,1,"张三\n(交换生)",A,2026-07-01\n`,
      `${HEADER}\n   \n2,1,1,20261,1,李四,B,2026-07-01`,
    ]);
  });

  it("finds no records under a header alone", () => {
    expect(rosterChunks(Buffer.from(HEADER), "utf-8", 1_000)).toEqual({ records: 0, chunks: [] });
  });
});
