/** `~/.netrc`: `machine HOST login USER password SECRET` tokens, in any layout. */
import type { Detection } from "@/lib/credentials/types";

const PROVIDER_BY_HOST: Array<[RegExp, string]> = [
  [/(^|\.)github\.com$/, "github"],
  [/(^|\.)heroku\.com$/, "heroku"],
  [/(^|\.)gitlab\.com$/, "gitlab"],
];

export function detectNetrcFile(text: string): Detection[] {
  const found: Detection[] = [];
  const tokens: Array<{ word: string; line: number }> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    for (const word of line.split(/\s+/).filter(Boolean)) tokens.push({ word, line: index + 1 });
  });
  let machine = "default";
  let login: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const { word } = tokens[i];
    if (word === "machine") {
      machine = tokens[++i]?.word ?? machine;
      login = undefined;
    } else if (word === "default") {
      machine = "default";
      login = undefined;
    } else if (word === "login") login = tokens[++i]?.word;
    else if (word === "password") {
      const secret = tokens[++i];
      if (!secret) continue;
      const provider = PROVIDER_BY_HOST.find(([re]) => re.test(machine))?.[1] ?? "netrc";
      found.push({
        value: secret.word,
        provider,
        kind: "password",
        line: secret.line,
        identity: { host: machine, ...(login ? { user: login } : {}) },
        source: "store",
      });
    }
  }
  return found;
}
