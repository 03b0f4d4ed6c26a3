import stringWidth from "string-width";

export interface Column {
  header: string;
  /** Numbers (amounts, credits) line up on the right. */
  align?: "left" | "right";
}

/** C0 and C1 control characters: a name holding an escape sequence or a line break must not repaint the terminal or break a row. */
const CONTROL = /\p{Cc}/gu;

/**
 * Lines of a table whose columns line up on screen: widths are display columns (string-width), so a
 * Chinese character counts two and 北京理工大学 lines up with ASCII. Columns are two spaces apart,
 * under a header and a rule; trailing spaces are trimmed.
 *
 * @example formatTable([{ header: "member" }, { header: "amount", align: "right" }], [["1 北京理工大学", "CNY 1,000.00"]])
 */
export function formatTable(columns: Column[], rows: string[][]): string[] {
  const cells = [columns.map((c) => c.header), ...rows].map((r) =>
    columns.map((_, i) => (r[i] ?? "").replace(CONTROL, " ")),
  );
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => stringWidth(r[i]))));
  const line = (row: string[]) =>
    row
      .map((text, i) => {
        const gap = " ".repeat(widths[i] - stringWidth(text));
        return columns[i].align === "right" ? gap + text : text + gap;
      })
      .join("  ")
      .trimEnd();
  return [line(cells[0]), line(widths.map((w) => "-".repeat(w))), ...cells.slice(1).map(line)];
}
