/**
 * Reads and validates an inventory file. Every problem is reported by its JSON path
 * ("permissions[3].class: Invalid option …"), so the author can find it without a schema-aware editor.
 */
import fs from "node:fs/promises";
import { AppError } from "@/lib/errors";
import { formatIssuePath, issueMessage } from "@/lib/issue-text";
import { checkInventoryReferences, inventorySchema, type Inventory, type InventoryProblem } from "@/lib/collectors/inventory/schema";

const MAX_PROBLEMS_SHOWN = 5;

export async function readInventoryFile(file: string): Promise<Inventory> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw new AppError("bad_request:input", `cannot read inventory ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
  return parseInventoryText(text, file);
}

export function parseInventoryText(text: string, file: string): Inventory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split("\n").length;
    // Never the parser's own words: they quote the text, which may be any file's first bytes (F15).
    throw new AppError("bad_request:input", `${file}${line ? `:${line}` : ""}: not valid JSON`, { cause: error });
  }
  return validateInventory(json, file);
}

/** The inventory, or an AppError naming the first problems by JSON path. */
export function validateInventory(json: unknown, file = "inventory"): Inventory {
  const problems = listInventoryProblems(json);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `${p.path}: ${p.message}`);
    const more = problems.length > MAX_PROBLEMS_SHOWN ? ` (and ${problems.length - MAX_PROBLEMS_SHOWN} more)` : "";
    throw new AppError("bad_request:input", `invalid inventory ${file}: ${shown.join("; ")}${more}`);
  }
  return inventorySchema.parse(json);
}

export function listInventoryProblems(json: unknown): InventoryProblem[] {
  const parsed = inventorySchema.safeParse(json);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({ path: formatIssuePath(issue.path) || "(root)", message: issueMessage(issue) }));
  }
  return checkInventoryReferences(parsed.data);
}
