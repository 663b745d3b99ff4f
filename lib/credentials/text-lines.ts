/** Offsets to 1-based line numbers, computed once per text. */
export interface LineLocator {
  lineAt(offset: number): number;
  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string;
}

export function createLineLocator(text: string): LineLocator {
  let starts: number[] | undefined;
  const lineStarts = () => {
    if (starts) return starts;
    starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  };
  return {
    lineAt(offset) {
      const s = lineStarts();
      let lo = 0;
      let hi = s.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (s[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    },
    lineText(line) {
      const s = lineStarts();
      if (line < 1 || line > s.length) return "";
      const end = line < s.length ? s[line] - 1 : text.length;
      return text.slice(s[line - 1], end).replace(/\r$/, "");
    },
  };
}

/** Where a value parsed out of structured data (JSON, YAML) sits in the text; line 1 when it cannot be found. */
export function lineOfValue(text: string, value: string, lines: LineLocator): number {
  const at = text.indexOf(value);
  return at === -1 ? 1 : lines.lineAt(at);
}
