/**
 * Colour, shape and icon per node kind, shared by the canvas and the text chips, so a credential looks
 * the same in a path list and in a drawing.
 */
import type { NodeKind } from "@/lib/graph/types";

export interface KindStyle {
  label: string;
  plural: string;
  colour: string;
  shape: "round-rectangle" | "ellipse" | "diamond" | "hexagon" | "barrel" | "tag" | "octagon" | "rectangle";
  /** Inner SVG (24×24 viewBox, white strokes). */
  icon: string;
}

const stroke = `fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"`;

export const KIND_STYLE: Record<NodeKind, KindStyle> = {
  agent: { label: "Agent", plural: "agents", colour: "#0f766e", shape: "round-rectangle", icon: `<rect x="5" y="7" width="14" height="11" rx="2" ${stroke}/><path d="M12 3v4M9 12h.01M15 12h.01" ${stroke}/>` },
  workspace: { label: "Workspace", plural: "workspaces", colour: "#475569", shape: "rectangle", icon: `<path d="M3 7h6l2 2h10v9H3z" ${stroke}/>` },
  file: { label: "File", plural: "files", colour: "#2563eb", shape: "rectangle", icon: `<path d="M6 3h8l4 4v14H6z M14 3v4h4" ${stroke}/>` },
  mcp_server: { label: "MCP server", plural: "MCP servers", colour: "#0369a1", shape: "hexagon", icon: `<path d="M9 3v5M15 3v5M6 8h12v4a6 6 0 0 1-12 0zM12 18v3" ${stroke}/>` },
  credential: { label: "Credential", plural: "credentials", colour: "#b45309", shape: "tag", icon: `<circle cx="8" cy="12" r="4" ${stroke}/><path d="M12 12h9M18 12v3M21 12v3" ${stroke}/>` },
  identity: { label: "Identity", plural: "identities", colour: "#7c3aed", shape: "ellipse", icon: `<circle cx="12" cy="8" r="4" ${stroke}/><path d="M4 21c1-4 4-6 8-6s7 2 8 6" ${stroke}/>` },
  resource: { label: "Resource", plural: "resources", colour: "#b91c1c", shape: "barrel", icon: `<ellipse cx="12" cy="6" rx="7" ry="3" ${stroke}/><path d="M5 6v12c0 1.7 3.1 3 7 3s7-1.3 7-3V6M5 12c0 1.7 3.1 3 7 3s7-1.3 7-3" ${stroke}/>` },
  recovery_copy: { label: "Recovery copy", plural: "recovery copies", colour: "#15803d", shape: "octagon", icon: `<path d="M4 12a8 8 0 1 0 3-6.2M4 4v4h4M12 8v4l3 2" ${stroke}/>` },
  approval_gate: { label: "Approval gate", plural: "approval gates", colour: "#334155", shape: "diamond", icon: `<path d="M12 3l7 3v6c0 4-3 7-7 9-4-2-7-5-7-9V6z" ${stroke}/>` },
};

export function kindIconDataUri(kind: NodeKind): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">${KIND_STYLE[kind].icon}</svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

export const CLASS_COLOUR: Record<string, string> = {
  D1: "#b91c1c",
  D2: "#c2410c",
  D3: "#a16207",
  D4: "#7c3aed",
  D5: "#be185d",
  W: "#475569",
  R: "#64748b",
};

export const CLASS_MEANING: Record<string, string> = {
  D1: "Destroys primary data",
  D2: "Destroys or weakens recovery",
  D3: "Destroys compute or environments",
  D4: "Changes identity or ownership",
  D5: "Irreversible external effects",
  W: "Writes",
  R: "Reads",
};
