/**
 * Validates a whole batch before anything is written. A bad batch is rejected whole, and the error names
 * the first bad record by its path in the batch ("edges[12].dst.kind"). Over-long keys and names are
 * bounded, never a reason to refuse (see MAX_KEY_LENGTH).
 *
 * A pushed batch is validated in slices with turns of the event loop between them (validateBatchInSlices):
 * half a million records hold the server for about a second otherwise.
 */
import { createHash } from "node:crypto";
import { formatIssuePath, issueMessage } from "@/lib/issue-text";
import { z } from "zod";
import type { Source } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { NodeRefMap } from "@/lib/graph/node-ref-map";
import {
  MAX_KEY_LENGTH,
  MAX_NAME_LENGTH,
  boundText,
  graphEdgeSchema,
  graphNodeSchema,
  warningSchema,
  type CollectorWarning,
  type NodeRef,
  type ValidGraphBatch,
} from "@/lib/graph/types";

export { formatIssuePath };

/** Batches this module returned: validating one again returns it as it is. */
const validated = new WeakSet<object>();

export function validateBatch(input: unknown): ValidGraphBatch {
  const steps = validationSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export async function validateBatchInSlices(input: unknown): Promise<ValidGraphBatch> {
  const steps = validationSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Records validated between turns of the event loop: ~10 ms of work. */
const VALIDATE_SLICE = 10_000;

/** Warnings kept from one batch; the rest are counted in one more. */
export const MAX_WARNINGS = 1_000;

const batchShapeSchema = z.object({
  collector: z.string().min(1).max(100),
  nodes: z.array(z.unknown()),
  edges: z.array(z.unknown()),
  warnings: z.array(z.unknown()).default([]),
});

function* validationSteps(input: unknown): Generator<void, ValidGraphBatch> {
  if (typeof input === "object" && input !== null && validated.has(input)) return input as ValidGraphBatch;
  const shape = parseAt(batchShapeSchema, input, []);
  const nodes = new Array<ValidGraphBatch["nodes"][number]>(shape.nodes.length);
  const known = new NodeRefMap<true>();
  for (let i = 0; i < nodes.length; i++) {
    const node = parseAt(graphNodeSchema, shape.nodes[i], ["nodes", i]);
    node.key = boundKey(node.key);
    node.name = boundText(node.name, MAX_NAME_LENGTH);
    nodes[i] = node;
    known.set(node, true);
    if (i % VALIDATE_SLICE === VALIDATE_SLICE - 1) yield;
  }
  const edges = new Array<ValidGraphBatch["edges"][number]>(shape.edges.length);
  for (let i = 0; i < edges.length; i++) {
    const edge = parseAt(graphEdgeSchema, shape.edges[i], ["edges", i]);
    for (const end of ["src", "dst"] as const) {
      edge[end].key = boundKey(edge[end].key);
      if (!known.has(edge[end])) throw danglingEnd(i, end, edge[end]);
    }
    edges[i] = edge;
    if (i % VALIDATE_SLICE === VALIDATE_SLICE - 1) yield;
  }
  const warnings: CollectorWarning[] = [];
  const keptWarnings = Math.min(shape.warnings.length, MAX_WARNINGS);
  for (let i = 0; i < keptWarnings; i++) warnings.push(parseAt(warningSchema, shape.warnings[i], ["warnings", i]));
  if (shape.warnings.length > MAX_WARNINGS) {
    warnings.push({ code: "warnings_dropped", message: `${shape.warnings.length - MAX_WARNINGS} more warnings were left out (at most ${MAX_WARNINGS} are kept).` });
  }
  const batch: ValidGraphBatch = { collector: shape.collector, nodes, edges, warnings };
  validated.add(batch);
  return batch;
}

function parseAt<T>(schema: z.ZodType<T>, value: unknown, at: (string | number)[]): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = formatIssuePath([...at, ...issue.path]) || "batch";
  throw new AppError("bad_request:batch", `Invalid batch at ${where}: ${issueMessage(issue)}`);
}

function danglingEnd(index: number, end: "src" | "dst", ref: NodeRef): AppError {
  return new AppError(
    "bad_request:batch",
    `Invalid batch at edges[${index}].${end}: no node ${ref.kind} "${boundText(ref.key, 200)}" in this batch (add it, as a ref if another source owns it)`,
  );
}

/**
 * A key past MAX_KEY_LENGTH: its start and a hash of the whole, so it stays unique and an edge that names
 * the node by the same long key still finds it.
 */
export function boundKey(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${key.slice(0, 1024)}…#sha256:${createHash("sha256").update(key).digest("hex")}`;
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
