/**
 * Validates a whole batch before anything is written. A bad batch is rejected whole, and the error names
 * the first bad record by its path in the batch ("edges[12].dst.kind").
 */
import type { Source } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { NodeRefMap } from "@/lib/graph/node-ref-map";
import { graphBatchSchema, type ValidGraphBatch } from "@/lib/graph/types";

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), "");
}

/** Batches this module returned: validating one again returns it as it is. */
const validated = new WeakSet<object>();

export function validateBatch(input: unknown): ValidGraphBatch {
  if (typeof input === "object" && input !== null && validated.has(input)) return input as ValidGraphBatch;
  const parsed = graphBatchSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = formatIssuePath(issue.path) || "batch";
    throw new AppError("bad_request:batch", `Invalid batch at ${where}: ${issue.message}`);
  }
  const batch = parsed.data;
  const known = new NodeRefMap<true>();
  for (const node of batch.nodes) known.set(node, true);
  batch.edges.forEach((edge, index) => {
    for (const end of ["src", "dst"] as const) {
      if (!known.has(edge[end])) {
        throw new AppError(
          "bad_request:batch",
          `Invalid batch at edges[${index}].${end}: no node ${edge[end].kind} "${edge[end].key}" in this batch (add it, as a ref if another source owns it)`,
        );
      }
    }
  });
  validated.add(batch);
  return batch;
}

/**
 * A source is fed by one collector. A batch from another one would, as this source's sweep, prune what
 * the source's own collector reported and claim nodes in its name: refused.
 */
export function assertBatchFitsSource(source: Pick<Source, "name" | "collector">, batch: Pick<ValidGraphBatch, "collector">): void {
  if (batch.collector === source.collector) return;
  throw new AppError(
    "bad_request:batch",
    `This batch comes from the "${batch.collector}" collector, but source "${source.name}" is fed by "${source.collector}". Push it to a source of that collector.`,
  );
}
