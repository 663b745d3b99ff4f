/**
 * Reports paths under one folder as if they were under another. The demo estate ships inside the app
 * (…/lib/demo/estate/home/dana) but stands for a laptop where that folder is /home/dana; keys, names,
 * props and warnings all say /home/dana, so the demo reads like the real thing and its keys do not
 * depend on where the app is installed.
 */
import type { GraphBatch } from "@/lib/graph/types";

export interface PathAlias {
  from: string;
  to: string;
}

function rewriteValue(value: unknown, pattern: RegExp, to: string): unknown {
  if (typeof value === "string") return value.replace(pattern, to);
  if (Array.isArray(value)) return value.map((item) => rewriteValue(item, pattern, to));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.replace(pattern, to), rewriteValue(item, pattern, to)]));
  }
  return value;
}

export function applyPathAlias(batch: GraphBatch, alias: PathAlias | undefined): GraphBatch {
  if (!alias || alias.from === alias.to) return batch;
  const from = alias.from.replace(/\/+$/, "");
  // Whole folder names only: "/a/b" must not rewrite "/a/bc".
  const pattern = new RegExp(`${from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.-])`, "g");
  return rewriteValue(batch, pattern, alias.to.replace(/\/+$/, "")) as GraphBatch;
}
