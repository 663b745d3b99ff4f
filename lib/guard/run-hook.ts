/**
 * `blastmap guard hook --agent X`: the agent's hook JSON on stdin → the decision in its protocol. Never
 * throws: malformed JSON, an unreadable snapshot or a parser fault each become the fail-closed answer
 * for what was recognised, with the reason (harmless calls still pass).
 */
import { redactPreview } from "@/lib/credentials/fingerprint";
import { redactSecretWords } from "@/lib/credentials/redact-text";
import { analyzeMcpCall } from "@/lib/guard/analyze/analyze-mcp";
import { analyzeOtherTool } from "@/lib/guard/analyze/analyze-other-tool";
import { analyzeShellCall } from "@/lib/guard/analyze/analyze-shell";
import { appendDecisionLog, defaultDecisionLogPath, hashCall } from "@/lib/guard/decision-log";
import { decide } from "@/lib/guard/decide";
import type { McpTarget } from "@/lib/guard/mcp-credentials";
import { loadPolicy, type GuardPolicy, type LoadedPolicy } from "@/lib/guard/policy";
import { parseHookInput, protocolAnswer, renderDecision } from "@/lib/guard/protocols";
import { createResolver } from "@/lib/guard/resolve-credentials";
import { defaultSnapshotPath, readFingerprintKey, tryReadSnapshot, type GuardSnapshot } from "@/lib/guard/snapshot";
import type { CallAnalysis, GuardAgent, GuardCall, GuardDecision, HookOutput } from "@/lib/guard/types";

export interface RunGuardHookInput {
  agent: GuardAgent;
  stdin: string;
  /** The agent's environment, as the hook process received it. */
  env: Record<string, string | undefined>;
  cwd: string;
  /** Tests and embedders: a snapshot and key instead of reading them from disk. */
  snapshot?: GuardSnapshot | null;
  fingerprintKey?: Buffer;
  policy?: GuardPolicy;
  /** false: no decision log (tests); a path: log there. */
  log?: false | string;
}

export interface GuardHookResult extends HookOutput {
  decision: GuardDecision;
}

const MAX_STDIN = 2 * 1024 * 1024;

function workspaceRootsOf(call: GuardCall, env: Record<string, string | undefined>, snapshot: GuardSnapshot | undefined, agent: GuardAgent): string[] {
  if (call.workspaceRoots.length > 0) return call.workspaceRoots;
  // Each agent tells its hooks the project it works in (Gemini CLI also sets CLAUDE_PROJECT_DIR).
  const project = env.CLAUDE_PROJECT_DIR ?? env.GEMINI_PROJECT_DIR ?? env.CURSOR_PROJECT_DIR;
  if (project) return [project];
  const known = snapshot?.agents.filter((a) => a.kind === agent).flatMap((a) => a.workspaceRoots.filter((r) => call.cwd === r || call.cwd.startsWith(`${r}/`)));
  return known && known.length > 0 ? [known.sort((a, b) => b.length - a.length)[0]] : [call.cwd];
}

/** Replaces every secret value the analysis saw with its preview: reasons and logs must never hold one. */
function scrub(text: string, analysis: CallAnalysis | undefined): string {
  const values = new Set<string>();
  for (const op of analysis?.operations ?? []) for (const c of op.credentials) if (c.value && c.value.length >= 8) values.add(c.value);
  for (const u of analysis?.unknown ?? []) for (const c of u.credentials) if (c.value && c.value.length >= 8) values.add(c.value);
  for (const c of analysis?.inReach ?? []) if (c.value && c.value.length >= 8) values.add(c.value);
  let out = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) out = out.split(v).join(redactPreview(v));
  // URLs with a password or token parameter, whatever the analysis saw.
  out = out.replace(/(\/\/[^\s/:@]+:)[^\s/@]+@/g, "$1…@").replace(/([?&](?:token|key|secret|password|auth)[^=]*=)[^&\s]+/gi, "$1…");
  // And any word a secret could be that the analysis did not take for a credential: a command can name a
  // file after a token (`sh TOKEN=ghp_…`), and a fault quotes the path it could not read.
  return redactSecretWords(out);
}

export async function runGuardHook(input: RunGuardHookInput): Promise<GuardHookResult> {
  const { agent, env } = input;
  let call: GuardCall | undefined;
  let analysis: CallAnalysis | undefined;
  let decision: GuardDecision;
  const faults: string[] = [];
  let policyLogFile: string | undefined;
  let logEnabled = true;
  try {
    if (input.stdin.length > MAX_STDIN) throw new Error("the hook input is larger than 2 MB");
    call = parseHookInput(agent, input.stdin, input.cwd).call;

    let snapshot: GuardSnapshot | undefined;
    let snapshotProblem: string | undefined;
    let key = input.fingerprintKey;
    if (input.snapshot !== undefined) {
      snapshot = input.snapshot ?? undefined;
      if (!snapshot) snapshotProblem = "none was given";
    } else {
      const file = defaultSnapshotPath(env);
      const read = tryReadSnapshot(file);
      if (read.ok) {
        snapshot = read.snapshot;
        const k = readFingerprintKey(env, file, snapshot);
        if (k.ok) key = k.key;
        else {
          snapshotProblem = k.reason;
          faults.push(k.reason);
          snapshot = undefined;
        }
      } else {
        snapshotProblem = read.reason;
        if (!read.missing) faults.push(read.reason);
      }
    }
    const roots = workspaceRootsOf(call, env, snapshot, agent);
    const loaded: LoadedPolicy = input.policy ? { policy: input.policy } : await loadPolicy(env, call.cwd, roots);
    if (loaded.fault) faults.push(loaded.fault);
    policyLogFile = loaded.policy.log.file;
    logEnabled = loaded.policy.log.enabled;

    let mcp: McpTarget | undefined;
    if (call.type === "shell") analysis = await analyzeShellCall(call.command, env, call.cwd, roots);
    else if (call.type === "mcp") {
      const read = await analyzeMcpCall(call.server, call.tool, call.input);
      analysis = read.analysis;
      mcp = { server: call.server, endpoint: call.endpoint, provider: read.provider };
    } else analysis = analyzeOtherTool(call.tool, call.input ?? {}, { cwd: call.cwd, workspaceRoots: roots, env });
    faults.push(...analysis.faults);

    const resolver = createResolver(snapshot, key);
    decision = await decide({ agent, analysis, cwd: call.cwd, workspaceRoots: roots, policy: loaded.policy, policyFault: loaded.fault, resolver, snapshot, snapshotProblem, mcp, home: env.HOME });
    faults.push(...resolver.faults);
  } catch (error) {
    // Fail closed for what was recognised: a shell or MCP call that could not be analysed is asked about
    // (denied where the agent cannot ask); a call that is not even JSON names no tool and is denied.
    const message = (error as Error).message?.slice(0, 200) ?? "unknown error";
    faults.push(message);
    decision = call
      ? { verdict: call.type === "other" ? "allow" : "ask", reason: `The guard could not analyse this call (${message}), so it cannot tell what it would destroy.`, class: "unknown" }
      : { verdict: "deny", reason: `The guard could not read the hook input (${message}); the call is blocked until the hook receives what ${agent} sends.`, class: "unknown" };
  }
  decision = { ...decision, reason: scrub(decision.reason, analysis) };
  const output = renderDecision(agent, decision);

  const logFile = input.log === false ? undefined : (input.log ?? policyLogFile ?? defaultDecisionLogPath(env));
  if (logFile && logEnabled) {
    const fault = appendDecisionLog(logFile, {
      at: new Date().toISOString(),
      agent,
      // The tool's name and the folder come from the hook input as they are: a mangled input can put a
      // command, and its token, where the name should be. Every text field of the log is scrubbed.
      tool: call ? scrub((call.type === "mcp" ? `mcp ${call.server}/${call.tool}` : call.tool).slice(0, 200), analysis) : "unreadable",
      cwd: scrub(call?.cwd ?? input.cwd, analysis),
      verdict: decision.verdict,
      answered: protocolAnswer(agent, decision),
      action: decision.action,
      class: decision.class,
      credential: decision.credential,
      callHash: hashCall(input.stdin),
      reason: decision.reason,
      ...(faults.length > 0 ? { faults: faults.map((f) => scrub(f, analysis)) } : {}),
    });
    if (fault && output.exitCode !== 2) output.stderr = fault;
  }
  return { ...output, decision };
}
