/** A plain text table for terminals: columns padded to their widest cell. */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
  return [line(cells[0]), line(widths.map((w) => "─".repeat(w))), ...cells.slice(1).map(line)].join("\n") + "\n";
}
