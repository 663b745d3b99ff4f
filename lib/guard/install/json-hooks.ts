/**
 * Adding and removing the guard's entries in an agent's JSON (or JSONC) hook config, through
 * jsonc-parser's edit API: every other byte of the file stays as it was, comments and the team's own
 * hooks included. Two shapes exist:
 * - grouped (Claude Code, Gemini CLI): `hooks.<Event>: [{ matcher?, hooks: [{ type, command, … }] }]`;
 * - flat (Cursor, Windsurf, Copilot): `hooks.<event>: [{ command | bash, … }]`.
 * An entry is the guard's when its command is (isBlastmapGuardCommand); nothing else is ever touched.
 */
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parse,
  parseTree,
  printParseErrorCode,
  type FormattingOptions,
  type Node as JsonNode,
  type ParseError,
} from "jsonc-parser";
import { AppError } from "@/lib/errors";
import { isBlastmapGuardCommand } from "@/lib/guard/hook-command";

export type HookShape = "grouped" | "flat";

export interface JsonHookSpec {
  shape: HookShape;
  /** Event name → the entry to place under it (a group for grouped configs, a hook for flat ones). */
  entries: Record<string, Record<string, unknown>>;
  /** Top-level keys a new file starts with (Cursor's and Copilot's `version: 1`). */
  preamble?: Record<string, unknown>;
}

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: "\n" };

type Json = Record<string, unknown>;

export function parseConfigOrThrow(text: string, file: string): Json {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    throw new AppError("bad_request:config", `${file} is not valid JSON (${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}); fix it first, nothing was changed.`);
  }
  if (value === undefined && text.trim() === "") return {};
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new AppError("bad_request:config", `${file} is not a JSON object; nothing was changed.`);
  return value as Json;
}

/** The command of a hook entry (Copilot names it `bash`). */
function commandOf(hook: unknown): string {
  if (!hook || typeof hook !== "object") return "";
  const h = hook as Json;
  return typeof h.command === "string" ? h.command : typeof h.bash === "string" ? h.bash : "";
}

function isGuardHook(hook: unknown): boolean {
  return isBlastmapGuardCommand(commandOf(hook));
}

function innerHooks(group: unknown): unknown[] {
  const hooks = (group as Json | null)?.hooks;
  return Array.isArray(hooks) ? hooks : [];
}

function eventList(config: Json, event: string, file: string): unknown[] {
  const hooks = config.hooks;
  if (hooks === undefined) return [];
  if (!hooks || typeof hooks !== "object" || Array.isArray(hooks)) throw new AppError("bad_request:config", `${file}: "hooks" is not an object; nothing was changed.`);
  const list = (hooks as Json)[event];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new AppError("bad_request:config", `${file}: "hooks.${event}" is not a list; nothing was changed.`);
  return list;
}

function edit(text: string, path: (string | number)[], value: unknown): string {
  return applyEdits(text, modify(text, path, value, { formattingOptions: FORMAT }));
}

/**
 * jsonc-parser's modify, given formatting options, re-lays out the whole object or array it edits (the
 * team's one-line hook lists would come back spread over many lines), and it cuts the wrong characters
 * when it removes the last item of a compact array (`[1,2,3]` → `[1,23]`). So items and properties are
 * added and removed here by their ranges in the parse tree, indented like their neighbours; modify is used
 * only where the container is empty and there is nothing of the team's to re-lay out.
 */
function containerAt(text: string, path: (string | number)[]): JsonNode | undefined {
  const tree = parseTree(text);
  return tree && (path.length === 0 ? tree : findNodeAtLocation(tree, path));
}

/** Inserts `piece` (an item, or `"key": value`) after the container's last child, on a line of its own when the child has one. */
function appendChild(text: string, path: (string | number)[], piece: (lead: string) => string, whenEmpty: () => string): string {
  const last = containerAt(text, path)?.children?.at(-1);
  if (!last) return whenEmpty();
  const lineStart = text.lastIndexOf("\n", last.offset) + 1;
  const lead = text.slice(lineStart, last.offset);
  const end = last.offset + last.length;
  if (!/^[ \t]*$/.test(lead)) return `${text.slice(0, end)}, ${piece("")}${text.slice(end)}`;
  return `${text.slice(0, end)},\n${lead}${piece(lead)}${text.slice(end)}`;
}

function layout(value: unknown, lead: string): string {
  return lead === "" ? JSON.stringify(value) : JSON.stringify(value, null, 2).replaceAll("\n", `\n${lead}`);
}

function appendArrayItem(text: string, path: (string | number)[], value: unknown): string {
  return appendChild(text, path, (lead) => layout(value, lead), () => edit(text, path, [value]));
}

function insertProperty(text: string, path: string[], key: string, value: unknown): string {
  return appendChild(text, path, (lead) => `${JSON.stringify(key)}: ${layout(value, lead)}`, () => edit(text, [...path, key], value));
}

/** Removes a child (an item by index, a property by name) with the comma after it, or before it for the last one. */
function removeChild(text: string, path: (string | number)[], child: number | string): string {
  const children = containerAt(text, path)?.children ?? [];
  const index = typeof child === "number" ? child : children.findIndex((p) => p.children?.[0]?.value === child);
  const node = children[index];
  if (!node) return text;
  let start = node.offset;
  let end = node.offset + node.length;
  if (index + 1 < children.length) end = children[index + 1].offset;
  else if (index > 0) start = children[index - 1].offset + children[index - 1].length;
  return text.slice(0, start) + text.slice(end);
}

/** Adds the guard's entries, or brings them up to date where they are. Idempotent. */
export function addGuardHooks(text: string, spec: JsonHookSpec, file: string): string {
  let out = text.trim() === "" ? "{}\n" : text;
  let config = parseConfigOrThrow(out, file);
  for (const [key, value] of Object.entries(spec.preamble ?? {})) {
    if (config[key] === undefined) out = insertProperty(out, [], key, value);
  }
  for (const [event, entry] of Object.entries(spec.entries)) {
    config = parseConfigOrThrow(out, file);
    const list = eventList(config, event, file);
    const at =
      spec.shape === "grouped"
        ? list.findIndex((group) => innerHooks(group).length > 0 && innerHooks(group).every(isGuardHook))
        : list.findIndex(isGuardHook);
    if (at >= 0) {
      if (JSON.stringify(list[at]) !== JSON.stringify(entry)) out = edit(out, ["hooks", event, at], entry);
    } else if (config.hooks === undefined) {
      out = insertProperty(out, [], "hooks", { [event]: [entry] });
    } else if (list.length === 0 && !(event in (config.hooks as Json))) {
      out = insertProperty(out, ["hooks"], event, [entry]);
    } else {
      out = appendArrayItem(out, ["hooks", event], entry);
    }
  }
  return out;
}

/**
 * Removes the guard's entries and nothing else: a hook of ours inside a group shared with the team's own
 * hooks is taken out of the group; a group, an event list or `hooks` left empty by that goes too.
 * Returns the text, or null when nothing but an empty object (and the preamble) would be left.
 */
export function removeGuardHooks(text: string, spec: Pick<JsonHookSpec, "shape" | "preamble">, file: string): { text: string | null; removed: number } {
  let out = text;
  let removed = 0;
  const config = parseConfigOrThrow(out, file);
  const hooks = config.hooks;
  if (!hooks || typeof hooks !== "object" || Array.isArray(hooks)) return { text, removed: 0 };
  for (const event of Object.keys(hooks as Json)) {
    const list = eventList(parseConfigOrThrow(out, file), event, file);
    let fromEvent = 0;
    // Back to front, so the indexes still to visit stay valid.
    for (let i = list.length - 1; i >= 0; i--) {
      if (spec.shape === "flat") {
        if (isGuardHook(list[i])) {
          out = removeChild(out, ["hooks", event], i);
          fromEvent++;
        }
        continue;
      }
      const inner = innerHooks(list[i]);
      const ours = inner.filter(isGuardHook).length;
      if (ours === 0) continue;
      fromEvent += ours;
      if (ours === inner.length) out = removeChild(out, ["hooks", event], i);
      else for (let j = inner.length - 1; j >= 0; j--) if (isGuardHook(inner[j])) out = removeChild(out, ["hooks", event, i, "hooks"], j);
    }
    // A list the guard's entries leave empty goes; a list that was empty before stays.
    if (fromEvent > 0 && eventList(parseConfigOrThrow(out, file), event, file).length === 0) out = removeChild(out, ["hooks"], event);
    removed += fromEvent;
  }
  const after = parseConfigOrThrow(out, file);
  if (removed > 0 && after.hooks && Object.keys(after.hooks as Json).length === 0) out = removeChild(out, [], "hooks");
  return { text: isLeftEmpty(out, spec.preamble ?? {}) ? null : out, removed };
}

/** Nothing but `{}` or the preamble install would have created, and no comment: the file was install's. */
function isLeftEmpty(text: string, preamble: Json): boolean {
  const config = parseConfigOrThrow(text, "");
  const keys = Object.keys(config);
  const onlyPreamble = keys.every((key) => key in preamble && JSON.stringify(config[key]) === JSON.stringify(preamble[key]));
  return onlyPreamble && !/\/\/|\/\*/.test(text);
}
