import { visibleWidth } from "./ansi.ts";

export type Alignment = "left" | "right";

/**
 * Renders rows as aligned columns (cells may hold ANSI codes), two spaces apart, each line prefixed
 * with `indent`. `align` gives each column's alignment (default left); trailing spaces are trimmed.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Alignment[] = [],
  indent = "",
): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => visibleWidth(row[column] ?? ""))));
  return all
    .map((row) =>
      (
        indent +
        widths
          .map((width, column) => {
            const cell = row[column] ?? "";
            const padding = " ".repeat(width - visibleWidth(cell));
            return align[column] === "right" ? padding + cell : cell + padding;
          })
          .join("  ")
      ).trimEnd(),
    )
    .join("\n");
}
