import { terminalText } from "@/lib/cli/terminal-text";

/** A plain text table for terminals: columns padded to their widest cell, every cell made safe to print. */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => terminalText(String(cell))))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
  return [line(cells[0]), line(widths.map((w) => "─".repeat(w))), ...cells.slice(1).map(line)].join("\n") + "\n";
}
