/**
 * A posture whose collected strings are hostile: markup, `javascript:` URLs, terminal escapes, bidi
 * controls, spreadsheet formulas and a megabyte-long name, in agent, file and resource names, keys and
 * props (command, args, path, url). Each agent reaches a destructive action, so the strings reach every
 * page, node panel, export and CLI table. A payload that runs sets `window.__blastmapXss`.
 */
import { agentKey, credentialKeyFromFingerprint, fileKey, providerIdentityKey, providerResourceKey, workspaceKey } from "@/lib/graph/keys";
import type { GraphBatch, GraphEdge, GraphNode } from "@/lib/graph/types";

export const XSS_GLOBAL = "__blastmapXss";

export const HOSTILE_STRINGS = {
  imgOnerror: `<img src=x onerror="window.${XSS_GLOBAL}=1">`,
  scriptClose: `</script><script>window.${XSS_GLOBAL}=2</script>`,
  svgOnload: `<svg onload="window.${XSS_GLOBAL}=3"></svg>`,
  javascriptUrl: `javascript:window.${XSS_GLOBAL}=4`,
  bidi: "invoice\u202Egpj.exe\u202C",
  isolate: "\u2066admin\u2069\u2067",
  ansi: "\u001b[2J\u001b[31mRED\u001b[0m\u0007",
  newline: "first line\nsecond line\r\n\ttabbed",
  formulaEquals: '=HYPERLINK("http://evil.test","x")',
  formulaPlus: "+1+cmd|' /C calc'!A0",
  formulaMinus: "-2+3",
  formulaAt: "@SUM(1+1)",
  megabyte: `M${"A".repeat(1_000_000)}`,
} as const;

export type HostileName = keyof typeof HOSTILE_STRINGS;

/** One agent per hostile string, each over its own file holding one credential that may delete a volume. */
export function hostileBatch(machine = "hostile", collector = "test"): GraphBatch {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const identity = { kind: "identity" as const, key: providerIdentityKey("railway", "account", "hostile") };
  nodes.push({ ...identity, name: HOSTILE_STRINGS.imgOnerror, props: {} });
  Object.entries(HOSTILE_STRINGS).forEach(([label, text], i) => {
    const path = `/work/${label}/${text.slice(0, 300)}`;
    // The megabyte string is a name; props hold its first 10k characters, so the batch stays a few MB.
    const prop = text.slice(0, 10_000);
    const agent = { kind: "agent" as const, key: agentKey(machine, "claude-code", path) };
    const workspace = { kind: "workspace" as const, key: workspaceKey(machine, path) };
    const file = { kind: "file" as const, key: fileKey(machine, `${path}/.env`) };
    const credential = { kind: "credential" as const, key: credentialKeyFromFingerprint(i.toString(16).padStart(64, "0")) };
    const volume = { kind: "resource" as const, key: providerResourceKey("railway", "volume", `${label}-${text.slice(0, 200)}`) };
    nodes.push(
      {
        ...agent,
        name: text,
        props: { agentKind: "claude-code", approvalMode: "bypass", unrestrictedShell: true, command: prop, args: [prop, HOSTILE_STRINGS.javascriptUrl], path: prop, url: HOSTILE_STRINGS.javascriptUrl },
      },
      { ...workspace, name: text, props: { path: prop } },
      { ...file, name: `${text}/.env`, props: { path: prop } },
      { ...credential, name: `railway token ${text}`, props: { provider: "railway", kind: "account-token", preview: "FAKE…0000", url: HOSTILE_STRINGS.javascriptUrl } },
      { ...volume, name: `volume ${text}`, props: { url: HOSTILE_STRINGS.javascriptUrl, note: prop } },
    );
    edges.push(
      { kind: "can_read", src: agent, dst: workspace },
      { kind: "contains", src: workspace, dst: file },
      { kind: "contains", src: file, dst: credential },
      { kind: "authenticates_as", src: credential, dst: identity },
      { kind: "can", src: identity, dst: volume, props: { action: "volume.delete", class: "D1" } },
    );
  });
  return { collector, nodes, edges, warnings: [{ code: "hostile", message: HOSTILE_STRINGS.scriptClose, location: { file: HOSTILE_STRINGS.bidi } }] };
}
