/**
 * `.env` files: `KEY=value`, optional `export`, single/double/back quotes (double quotes may span lines
 * and know \n escapes), `#` comments (inline only after whitespace when unquoted).
 */
export interface EnvEntry {
  name: string;
  value: string;
  /** 1-based line where the assignment starts. */
  line: number;
}

const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

export function parseEnvFile(text: string): EnvEntry[] {
  const lines = text.split(/\r?\n/);
  const entries: EnvEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = ENV_LINE.exec(lines[i]);
    if (!match) continue;
    const [, name, rest] = match;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === "`") {
      let body = rest.slice(1);
      let end = body.indexOf(quote);
      let j = i;
      // A quoted value may continue on the following lines until its closing quote.
      while (end === -1 && j + 1 < lines.length) {
        j++;
        body += `\n${lines[j]}`;
        end = body.indexOf(quote);
      }
      let value = end === -1 ? body : body.slice(0, end);
      if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\"/g, '"');
      entries.push({ name, value, line: i + 1 });
      i = j;
      continue;
    }
    const value = rest.replace(/\s+#.*$/, "").trim();
    entries.push({ name, value, line: i + 1 });
  }
  return entries;
}
