/**
 * A small posture for sweep tests: an agent reads a file holding a credential that authenticates as an
 * identity which may delete a volume (D1). `variant` changes what the credential reaches, so two sweeps
 * of the same source differ in a known way.
 */
import { agentKey, credentialKeyFromFingerprint, fileKey, providerIdentityKey, providerResourceKey, workspaceKey } from "@/lib/graph/keys";
import type { GraphBatch } from "@/lib/graph/types";

export const FAKE_SECRET = "FAKE-railway-token-0000-canary-DO-NOT-USE-5f3b9c";

export function postureBatch(options: { credential?: string; volume?: string; extraProps?: Record<string, unknown> } = {}): GraphBatch {
  const agent = { kind: "agent" as const, key: agentKey("ci-runner", "claude-code", "/work/app") };
  const workspace = { kind: "workspace" as const, key: workspaceKey("ci-runner", "/work/app") };
  const file = { kind: "file" as const, key: fileKey("ci-runner", "/work/app/.env") };
  const credential = { kind: "credential" as const, key: credentialKeyFromFingerprint(options.credential ?? "a".repeat(64)) };
  const identity = { kind: "identity" as const, key: providerIdentityKey("railway", "account", "acme") };
  const volume = { kind: "resource" as const, key: providerResourceKey("railway", "volume", options.volume ?? "prod-db") };
  return {
    collector: "test",
    nodes: [
      { ...agent, name: "claude-code @ ci-runner", props: { agentKind: "claude-code", approvalMode: "bypass", unrestrictedShell: true } },
      { ...workspace, name: "/work/app" },
      { ...file, name: "/work/app/.env" },
      { ...credential, name: "railway token", props: { provider: "railway", kind: "account-token", preview: "FAKE…5f3b", ...options.extraProps } },
      { ...identity, name: "railway account acme" },
      { ...volume, name: `volume ${options.volume ?? "prod-db"}` },
    ],
    edges: [
      { kind: "can_read", src: agent, dst: workspace },
      { kind: "contains", src: workspace, dst: file },
      { kind: "contains", src: file, dst: credential },
      { kind: "authenticates_as", src: credential, dst: identity },
      { kind: "can", src: identity, dst: volume, props: { action: "volume.delete", class: "D1" } },
    ],
    warnings: [],
  };
}
