/**
 * How a validation problem in someone's input is named in an error: its JSON path and zod's message. Keys
 * come from the input (a file anyone may commit, a pushed body), and an error goes to logs, a failed
 * sweep's row and the API's answer, so a key is shown only when its shape is known to be plain: a
 * secret-looking or random-looking key (a token used as a map key), markup or control characters are
 * shown as `<key>`. Zod quotes input only in "Unrecognized key" messages; those are rebuilt the same way.
 */
import type { z } from "zod";
import { mayContainSecret } from "@/lib/credentials/prefilter";
import { looksRandom } from "@/lib/collectors/workspace/secret-positions";

const PLAIN_KEY = /^[A-Za-z0-9_$][A-Za-z0-9_$ .:@/-]{0,63}$/;

/** The key as written when it is plainly a name; `<key>` otherwise. */
export function shownKey(key: PropertyKey): string {
  const text = String(key);
  return PLAIN_KEY.test(text) && !looksRandom(text) && !mayContainSecret(text) ? text : "<key>";
}

/** `["edges", 12, "dst", "kind"]` → `edges[12].dst.kind`; "" for the root. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${shownKey(part)}` : shownKey(part)), "");
}

/** Zod's message, without any input quoted in it. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.slice(0, 5).map((key) => `"${shownKey(key)}"`);
    const more = issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : "";
    return `Unrecognized key${issue.keys.length > 1 ? "s" : ""}: ${keys.join(", ")}${more}`;
  }
  return issue.message;
}
