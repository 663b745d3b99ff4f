/**
 * The graph model shared by every collector, the store and the analysis.
 * A collector returns a GraphBatch; the store validates it with `graphBatchSchema` before anything is written.
 */
import { z } from "zod";

export const NODE_KINDS = [
  "agent",
  "workspace",
  "file",
  "mcp_server",
  "credential",
  "identity",
  "resource",
  "recovery_copy",
  "approval_gate",
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const EDGE_KINDS = [
  "can_read", // agent → workspace / file
  "contains", // workspace → file, file → credential, resource → resource
  "configured_with", // agent / mcp_server → credential; agent → mcp_server
  "authenticates_as", // credential → identity
  "member_of", // identity → identity (group, inherited role)
  "can_assume", // identity → identity (trust policy, impersonation, escalation)
  "can", // identity → resource, props.action + props.class
  "recovered_by", // resource → recovery_copy
  "stored_in", // recovery_copy → resource
  "gated_by", // agent / identity → approval_gate
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/**
 * What an action does, worst first. D1–D5 are destructive (see DESIGN.md); W and R are not.
 */
export const ACTION_CLASSES = ["D1", "D2", "D3", "D4", "D5", "W", "R"] as const;
export type ActionClass = (typeof ACTION_CLASSES)[number];
export const DESTRUCTIVE_CLASSES: readonly ActionClass[] = ["D1", "D2", "D3", "D4", "D5"];

/**
 * Keys, names and warnings come from files anyone can commit: one over-long value must not cost the
 * whole batch (a 5,000-character MCP server name once blinded Blastmap to a repository). So the schema
 * takes any length, and validateBatch (server side: it hashes) bounds them to these.
 */
export const MAX_KEY_LENGTH = 2048;
export const MAX_NAME_LENGTH = 1024;
export const MAX_MESSAGE_LENGTH = 2048;

export function boundText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const nodeRefSchema = z.object({
  kind: z.enum(NODE_KINDS),
  key: z.string().min(1),
});
export type NodeRef = z.infer<typeof nodeRefSchema>;

const propsSchema = z.record(z.string(), z.unknown());

export const graphNodeSchema = nodeRefSchema.extend({
  name: z.string().min(1),
  props: propsSchema.default({}),
  /**
   * A reference to a node that another source owns (an IAM user that a workspace credential
   * authenticates as). It is created if missing so the edge has an end, but never overwrites
   * the owner's name and props, and never takes ownership away from the source that reports it fully.
   */
  ref: z.boolean().optional(),
});
export type GraphNode = z.input<typeof graphNodeSchema>;

/** Props every `can` edge carries. Other edge kinds may carry free-form props. */
export const canEdgePropsSchema = z.looseObject({
  action: z.string().min(1),
  class: z.enum(ACTION_CLASSES),
  /** The scope was not learned from the source itself but assumed from the credential's kind (worst case). */
  assumed: z.boolean().optional(),
  /** A condition applies that could not be shown to restrict the action. */
  conditional: z.boolean().optional(),
});
export type CanEdgeProps = z.infer<typeof canEdgePropsSchema>;

export const graphEdgeSchema = z
  .object({
    kind: z.enum(EDGE_KINDS),
    src: nodeRefSchema,
    dst: nodeRefSchema,
    props: propsSchema.default({}),
  })
  .superRefine((edge, ctx) => {
    if (edge.kind !== "can") return;
    const parsed = canEdgePropsSchema.safeParse(edge.props);
    for (const issue of parsed.error?.issues ?? []) {
      ctx.addIssue({ ...issue, path: ["props", ...issue.path] } as never);
    }
  });
export type GraphEdge = z.input<typeof graphEdgeSchema>;

const boundedString = (max: number) => z.string().transform((text) => boundText(text, max));

export const warningSchema = z.object({
  code: z.string().min(1).pipe(boundedString(200)),
  message: boundedString(MAX_MESSAGE_LENGTH),
  location: z
    .object({ file: boundedString(MAX_KEY_LENGTH).optional(), line: z.number().int().optional(), path: boundedString(MAX_KEY_LENGTH).optional() })
    .optional(),
});
export type CollectorWarning = z.infer<typeof warningSchema>;

export const graphBatchSchema = z.object({
  collector: z.string().min(1),
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  warnings: z.array(warningSchema).default([]),
});
export type GraphBatch = z.input<typeof graphBatchSchema>;
export type ValidGraphBatch = z.output<typeof graphBatchSchema>;

export function nodeRefId(ref: NodeRef): string {
  return `${ref.kind}\u0000${ref.key}`;
}
