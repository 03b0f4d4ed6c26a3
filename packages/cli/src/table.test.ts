import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { formatTable } from "./table.js";

const columns = [
  { header: "member" },
  { header: "name" },
  { header: "amount", align: "right" as const },
  { header: "status" },
];
const rows = [
  ["1", "北京理工大学", "CNY 1,713,456.00", "active"],
  ["12", "Hebei Vocational College", "CNY 5.00", "pending"],
  ["3", "天津大学 (Tianjin)", "CNY 100.00", "active"],
  ["104", "成都职业技术学院（高职）", "—", "withdrawn"],
];

/** Display columns where each cell of `cells` starts and ends on `line`, found left to right. */
function spans(line: string, cells: string[]) {
  let from = 0;
  return cells.map((cell) => {
    const at = line.indexOf(cell, from);
    from = at + cell.length;
    const start = stringWidth(line.slice(0, at));
    return { start, end: start + stringWidth(cell) };
  });
}

describe("formatTable", () => {
  it("lines up Chinese and ASCII by display width: every column starts (numbers end) at the same column on every line", () => {
    const lines = formatTable(columns, rows);
    expect(lines).toHaveLength(2 + rows.length);
    const all = [columns.map((c) => c.header), ...rows].map((cells, i) => spans(lines[i === 0 ? 0 : i + 1], cells));
    for (const [i, column] of columns.entries()) {
      const edges = all.map((s) => (column.align === "right" ? s[i].end : s[i].start));
      expect(new Set(edges).size, `column ${column.header}: ${edges}`).toBe(1);
    }
    // The rule under the header spans each column's widest cell: 成都职业技术学院（高职） is 24 columns wide.
    expect(lines[1].split("  ").map((r) => r.length)).toEqual([6, 24, 16, 9]);
    expect(lines[2]).toBe("1       北京理工大学              CNY 1,713,456.00  active");
  });

  it("trims trailing spaces and shows control characters as spaces, so a name cannot repaint the terminal", () => {
    const [, , line] = formatTable([{ header: "name" }, { header: "x" }], [["evil\u001b[2J\nname", ""]]);
    expect(line).toBe("evil [2J name");
  });
});
