/** Runs a corpus call through an agent's protocol against the demo estate's snapshot. */
import fs from "node:fs";
import path from "node:path";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import type { CorpusCall } from "@/lib/guard/corpus/guard-corpus";
import { runGuardHook, type GuardHookResult } from "@/lib/guard/run-hook";
import type { GuardSnapshot } from "@/lib/guard/snapshot";
import { buildDemoSnapshot, DEMO_FINGERPRINT_KEY } from "@/lib/guard/testing/demo-snapshot";
import { mcpPayload, shellPayload } from "@/lib/guard/testing/hook-payloads";
import type { GuardAgent } from "@/lib/guard/types";

export interface CorpusEstate {
  snapshot: GuardSnapshot;
  storefront: string;
  home: string;
  /** Every secret value a corpus call can carry: none may appear in any answer. */
  secrets: string[];
  fill: (text: string) => string;
  env: Record<string, string>;
}

export async function loadCorpusEstate(): Promise<CorpusEstate> {
  const { snapshot, storefront, home } = await buildDemoSnapshot();
  const script = fs.readFileSync(path.join(storefront, "scripts", "custom-domains.sh"), "utf8");
  const token = /RAILWAY_TOKEN=(\S+)/.exec(script)?.[1] ?? "";
  const pgUrl = /DATABASE_URL=(\S+)/.exec(fs.readFileSync(path.join(storefront, ".env"), "utf8"))?.[1] ?? "";
  const fakes = createFakeSecrets(13);
  const gh = fakes.planted.githubClassic().secret.slice(4);
  const neon = fakes.planted.neon().secret.slice(5);
  const fill = (text: string) => text.replaceAll("{TOKEN}", token).replaceAll("{PGURL}", pgUrl).replaceAll("{GH}", gh).replaceAll("{NEON}", neon);
  return { snapshot, storefront, home, secrets: [token, pgUrl.split(":")[2]?.split("@")[0] ?? "", `ghp_${gh}`, `napi_${neon}`], fill, env: { HOME: home, DATABASE_URL: pgUrl, PATH: "/usr/bin:/bin" } };
}

/** The agent's stdin for a corpus call, in the shape its documentation shows (testing/hook-payloads.ts). */
export function hookStdin(agent: GuardAgent, call: CorpusCall, estate: CorpusEstate): string {
  const ctx = { cwd: estate.storefront, workspaceRoots: [estate.storefront] };
  if (call.mcp) return JSON.stringify(mcpPayload(agent, call.mcp, ctx));
  return JSON.stringify(shellPayload(agent, estate.fill(call.command ?? ""), ctx));
}

export async function runCorpusCall(agent: GuardAgent, call: CorpusCall, estate: CorpusEstate): Promise<GuardHookResult> {
  const env = { ...estate.env, ...Object.fromEntries(Object.entries(call.env ?? {}).map(([k, v]) => [k, estate.fill(v)])) };
  return runGuardHook({ agent, stdin: hookStdin(agent, call, estate), env, cwd: estate.storefront, snapshot: estate.snapshot, fingerprintKey: DEMO_FINGERPRINT_KEY, log: false });
}
