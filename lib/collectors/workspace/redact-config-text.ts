/**
 * What of a config value may be stored, logged or shown: only known-safe shapes (flags, paths, package
 * names, host names, numbers, plain words) stay; every other word, and everything in a secret position, is
 * `<redacted>`, whether or not a detector recognised it. Used for MCP server commands, arguments and URLs,
 * permission rules and hook commands.
 */
import { wordMayBeToken } from "@/lib/credentials/prefilter";
import { isPlaceholder, isSecretFlag, isSecretHeader, isSecretName, looksRandom, stripAuthScheme } from "./secret-positions";

export const REDACTED = "<redacted>";
/** Collected text is attacker-controlled: bound what is kept of one value. */
const MAX_SHOWN = 400;
const JSON_DEPTH = 8;

const FLAG = /^--?[A-Za-z][A-Za-z0-9_.-]*$/;
const NUMBER = /^[-+]?\d+(?:\.\d+)*[A-Za-z%]{0,3}$/;
/** npm/pypi package specs and plain words: `@scope/name@1.2.3`, `mcp-server-fetch`, `stdio`, `run`. */
const PLAIN_WORD = /^[@.]*[A-Za-z0-9*][A-Za-z0-9._+~^:*@,-]*(?:\/[A-Za-z0-9._+~^:*@,-]*)*$/;
const HOST = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d{1,5})?$/;
const UNIX_PATH = /^(?:~|\.{1,2})?\/[^\s]*$|^~$/;
const WINDOWS_PATH = /^[A-Za-z]:[\\/][^\s]*$|^\\\\[^\s]+$/;
const URL_START = /^[a-z][a-z0-9+.-]*:\/\//i;

function bound(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** A path is shown, but a random-looking segment in it (a key used as a folder name) is not. */
function redactPath(value: string): string {
  return value
    .split(/([\\/])/)
    .map((part) => (part === "/" || part === "\\" || !looksRandom(part) ? part : REDACTED))
    .join("");
}

export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return REDACTED;
  }
  const user = url.username && !looksRandom(url.username) && !isSecretName(url.username) ? url.username : url.username ? REDACTED : "";
  const auth = url.password ? `${user}:${REDACTED}@` : user ? `${user}@` : "";
  const path = url.pathname
    .split("/")
    .map((segment) => (segment === "" || (!looksRandom(safeDecode(segment)) && PLAIN_WORD.test(safeDecode(segment))) ? segment : REDACTED))
    .join("/");
  const query: string[] = [];
  url.searchParams.forEach((value, key) => {
    const safeKey = PLAIN_WORD.test(key) && !looksRandom(key) ? key : REDACTED;
    const shown = isSecretName(key) || /^(?:key|sig|signature|code)$/i.test(key) ? REDACTED : redactWord(value);
    query.push(`${safeKey}=${shown}`);
  });
  return bound(`${url.protocol}//${auth}${url.host}${path}${query.length ? `?${query.join("&")}` : ""}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function redactJson(value: unknown, depth = 0): unknown {
  if (depth > JSON_DEPTH) return REDACTED;
  if (typeof value === "string") return redactWord(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redactJson(item, depth + 1));
  if (typeof value !== "object") return REDACTED;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const safeKey = PLAIN_WORD.test(key) && !looksRandom(key) ? key : REDACTED;
    out[safeKey] = typeof item === "string" && (isSecretName(key) || isSecretHeader(key)) && !isPlaceholder(item) ? REDACTED : redactJson(item, depth + 1);
  }
  return out;
}

/** One word (no spaces), shown only when its shape is known to be safe. */
export function redactWord(word: string): string {
  if (word === "" || isPlaceholder(word)) return bound(word);
  if (FLAG.test(word) || NUMBER.test(word)) return word;
  if (UNIX_PATH.test(word) || WINDOWS_PATH.test(word)) return bound(redactPath(word));
  if (URL_START.test(word)) return redactUrl(word);
  // A word with a token prefix (sk_test_, ghp_, …) is hidden even when its body does not look random.
  const plain = !looksRandom(word) && !wordMayBeToken(word);
  if (HOST.test(word) && plain) return word;
  if (PLAIN_WORD.test(word) && plain) return bound(word);
  const flagValue = /^(--?[A-Za-z][A-Za-z0-9_.-]*)=(.*)$/s.exec(word);
  if (flagValue) return `${flagValue[1]}=${isSecretFlag(flagValue[1]) ? REDACTED : redactWord(flagValue[2])}`;
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
  if (assignment) return `${assignment[1]}=${isSecretName(assignment[1]) && !isPlaceholder(assignment[2]) ? REDACTED : redactWord(assignment[2])}`;
  // A word ending in punctuation (`key,`, `(git`) is judged without it.
  const wrapped = /^([("'`[{]*)(.*?)([)"'`\]},;]*)$/s.exec(word);
  if (wrapped && (wrapped[1] || wrapped[3]) && wrapped[2] !== word) return `${wrapped[1]}${redactWord(wrapped[2])}${wrapped[3]}`;
  return REDACTED;
}

/** A free text (one argument with spaces, a shell command, a permission rule): word by word. */
export function redactConfigText(text: string): string {
  const trimmed = text.trim();
  if (/^[{[]/.test(trimmed)) {
    try {
      return bound(JSON.stringify(redactJson(JSON.parse(trimmed))));
    } catch {
      // not JSON: judged word by word
    }
  }
  const words = text.split(/(\s+)/);
  let afterSecretFlag = false;
  let afterHeaderFlag = false;
  let afterSecretHeader = false;
  const out = words.map((word) => {
    if (/^\s*$/.test(word)) return word;
    if (afterSecretFlag || afterSecretHeader) {
      afterSecretFlag = false;
      // "Authorization: Bearer abc": the scheme is shown, the credential is not.
      if (afterSecretHeader && /^(?:bearer|token|basic)$/i.test(word.replace(/^["']/, ""))) return word;
      afterSecretHeader = false;
      return isPlaceholder(word.replace(/^["']|["']$/g, "")) ? word : REDACTED;
    }
    if (afterHeaderFlag) {
      afterHeaderFlag = false;
      const header = /^["']?([A-Za-z0-9-]+):$/.exec(word) ?? /^["']?([A-Za-z0-9-]+):(.+)$/.exec(word);
      if (header && isSecretHeader(header[1])) {
        if (word.endsWith(":")) afterSecretHeader = true;
        return word.endsWith(":") ? word : `${word.slice(0, word.indexOf(":") + 1)}${REDACTED}`;
      }
    }
    if (isSecretFlag(word)) afterSecretFlag = true;
    if (/^(?:-H|--header)$/.test(word)) afterHeaderFlag = true;
    const header = /^["']?([A-Za-z0-9-]+):$/.exec(word);
    if (header && isSecretHeader(header[1])) afterSecretHeader = true;
    return redactWord(word);
  });
  return bound(out.join(""));
}

/** Arguments as shown on an MCP server node. */
export function redactArgs(args: string[]): string[] {
  return args.map((arg, index) => {
    const previous = index > 0 ? args[index - 1] : "";
    if (isSecretFlag(previous)) return isPlaceholder(arg) ? arg : REDACTED;
    if (/^(?:-H|--header|--headers)$/.test(previous)) {
      const header = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/s.exec(arg);
      if (header && isSecretHeader(header[1])) {
        const scheme = /^(bearer|token|basic)\s/i.exec(header[2])?.[1];
        return isPlaceholder(stripAuthScheme(header[2])) ? arg : `${header[1]}: ${scheme ? `${scheme} ` : ""}${REDACTED}`;
      }
    }
    return /\s/.test(arg.trim()) || /^[{[]/.test(arg.trim()) ? redactConfigText(arg) : redactWord(arg);
  });
}

/** A permission rule (`Bash(npm run test:*)`, `Read(./.env)`): the tool name stays, its argument is judged word by word. */
export function redactRule(rule: string): string {
  const call = /^([A-Za-z_][A-Za-z0-9_.-]*)\((.*)\)$/s.exec(rule);
  if (call) return bound(`${call[1]}(${redactConfigText(call[2])})`);
  return redactConfigText(rule);
}
