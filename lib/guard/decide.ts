/**
 * Analysis + credentials + policy → one decision and its reason. The worst item wins: deny over
 * approval over ask over allow. A reason names the operation and class, the credential (redacted preview,
 * the file it came from), what it reaches and what dies with it, and how to get the call allowed.
 */
import path from "node:path";
import type { ActionClass } from "@/lib/graph/types";
import { classRank } from "@/lib/guard/catalog-actions";
import { mcpServerCredentials, type McpTarget } from "@/lib/guard/mcp-credentials";
import { classAnswer, type GuardPolicy, type PolicyAnswer } from "@/lib/guard/policy";
import type { ResolvedCredential, Resolver } from "@/lib/guard/resolve-credentials";
import type { GuardSnapshot } from "@/lib/guard/snapshot";
import { isTokenOwnerIdentityKey } from "@/lib/graph/keys";
import { actionNouns, actionVerb, diesClause, isPlural, namedTarget, providerLabel, resourceWithoutProvider, withoutTokenPreview } from "@/lib/guard/reason-words";
import type { CallAnalysis, GuardAgent, GuardDecision, Operation, Verdict } from "@/lib/guard/types";

const SEVERITY: Record<Verdict, number> = { allow: 0, ask: 1, approval: 2, deny: 3 };

export interface DecideInput {
  agent: GuardAgent;
  analysis: CallAnalysis;
  cwd: string;
  workspaceRoots: string[];
  policy: GuardPolicy;
  /** The policy file could not be used: what is wrong with it. Whatever is not allowed is then blocked. */
  policyFault?: string;
  resolver: Resolver;
  snapshot: GuardSnapshot | undefined;
  /** Why there is no usable snapshot, when there is none. */
  snapshotProblem?: string;
  /** MCP calls: the server the call goes to (its credentials are the call's). */
  mcp?: McpTarget;
  /** The agent's home directory, to show `~/…` paths. */
  home?: string;
}

interface Item {
  verdict: Verdict;
  reason: string;
  action?: string;
  class?: ActionClass | "unknown";
  credential?: ResolvedCredential;
  rank: number;
}

function within(file: string, roots: string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`));
}

function displayPath(file: string, roots: string[], home: string | undefined): string {
  const root = roots.find((r) => within(file, [r]));
  if (root) return path.relative(root, file) || path.basename(file);
  if (home && within(file, [home])) return `~/${path.relative(home, file)}`;
  return file;
}

function credentialPhrase(c: ResolvedCredential, roots: string[], home: string | undefined): string {
  const provider = providerLabel(c.provider) ?? "a";
  const kind = (c.kind ?? "credential").replace(/-/g, " ");
  const files = c.source.file ? [c.source.file] : c.foundIn.slice(0, 2);
  const from = files.length > 0 ? ` from ${files.map((f) => displayPath(f, roots, home)).join(" and ")}` : c.source.how ? ` (${c.source.how})` : "";
  return `the ${provider} ${kind} ${c.preview}${identityPhrase(c)}${from}`;
}

const MAX_IDENTITY = 60;

/**
 * Which identity the credential authenticates as, when the snapshot knows one (" (acts as
 * storefront_app@db.internal:5432)"); nothing for a token whose owner the graph could not learn. The name
 * is collected data: control characters become spaces and it is bounded.
 */
function identityPhrase(c: ResolvedCredential): string {
  const identity = c.snapshot?.identity;
  if (!identity || isTokenOwnerIdentityKey(identity.key)) return "";
  const name = identity.name.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ").trim();
  if (!name) return "";
  return ` (acts as ${name.length > MAX_IDENTITY ? `${name.slice(0, MAX_IDENTITY - 1)}…` : name})`;
}

/**
 * What the credential lets the call do, and what dies with it: "it can delete every volume this token can
 * see, and their backups die with them". The snapshot's row for this action, else one of its class (a
 * DROP TABLE in the database the credential can drop), says what is reached.
 */
function reachPhrase(op: Operation, c: ResolvedCredential | undefined): string {
  const row = c?.snapshot?.reach.find((r) => r.action.toLowerCase() === op.action.toLowerCase()) ?? c?.snapshot?.reach.find((r) => r.class === op.class);
  const dies = [...new Set([...(row?.dies ?? []), ...(op.dies ?? [])].map((name) => withoutTokenPreview(name, c?.preview)))];
  const parts: string[] = [];
  let plural = false;
  const nouns = actionNouns(op.action);
  // volumeBackupDelete acts on the copies of the resource, not on the resource.
  const copies = nouns.find((n) => n === "backup" || n === "snapshot");
  if (row) {
    const resource = resourceWithoutProvider(withoutTokenPreview(row.resource.name, c?.preview), c?.provider);
    plural = isPlural(resource);
    parts.push(copies ? `it can ${actionVerb(op.action)} the ${copies}s of ${resource}` : `it can ${actionVerb(op.action)} ${resource}`);
  }
  if (copies && row) return parts.join("");
  if (dies.length > 0) parts.push(diesClause(dies, nouns, plural));
  else if (c?.snapshot?.backupsDie && classRank(op.class) <= classRank("D2")) parts.push(plural ? "their backups die with them" : "its backups die with it");
  return parts.join(", and ");
}

/**
 * The head of a reason: the action, its class, and what it acts on. An argument list ("volumeId: v") is
 * left out when the reach phrase says what the credential reaches.
 */
function headPhrase(op: Operation, roots: string[], home: string | undefined, reach: string): string {
  const target = reach ? namedTarget(op.target) : op.target;
  const shown = target && path.isAbsolute(target) ? displayPath(target, roots, home) : target;
  return `${op.action} (${op.class}${op.catalogued ? "" : ", not in the catalogue"})${shown ? ` on ${shown}` : ""}`;
}

function suffix(verdict: Verdict): string {
  switch (verdict) {
    case "approval":
      return "Approval required: a person can run it, or allow it in the guard policy (.blastmap/guard-policy.json).";
    case "ask":
      return "Confirm only if this is what you intended.";
    case "deny":
      return "Blocked by the guard policy.";
    default:
      return "";
  }
}

function answerToVerdict(answer: PolicyAnswer): Verdict {
  return answer;
}

function matchesAllowRule(policy: GuardPolicy, agent: GuardAgent, cwd: string, op: Operation): string | undefined {
  for (const rule of policy.allow) {
    if (rule.agent && rule.agent !== agent) continue;
    if (rule.workspace && !within(path.resolve(cwd), [path.resolve(rule.workspace)])) continue;
    if (rule.provider && rule.provider !== op.provider) continue;
    if (rule.action && rule.action.toLowerCase() !== op.action.toLowerCase()) continue;
    if (rule.resource && !(op.target ?? "").includes(rule.resource)) continue;
    return rule.reason ?? "an allow rule of the guard policy";
  }
  return undefined;
}

async function decideOperation(op: Operation, input: DecideInput, home: string | undefined): Promise<Item> {
  const roots = input.workspaceRoots;
  let creds = await input.resolver.resolve(op.credentials);
  let mcpNote = "";
  if (creds.length === 0 && input.mcp && input.snapshot) {
    // An MCP server authenticates with what it was configured with.
    const server = mcpServerCredentials(input.snapshot, input.agent, input.mcp);
    creds = server.credentials;
    if (server.note) mcpNote = ` ${server.note}`;
  }
  const known = creds.filter((c) => c.snapshot);
  // The credential the call names outranks the CLI's own login; then the one that reaches worst.
  const cred = known.sort((a, b) => Number(a.implicit) - Number(b.implicit) || worstReach(a) - worstReach(b))[0] ?? creds[0];
  const allowedBy = matchesAllowRule(input.policy, input.agent, input.cwd, op);
  const reach = reachPhrase(op, cred);
  const head = headPhrase(op, roots, home, reach);
  const withCred = cred ? ` with ${credentialPhrase(cred, roots, home)}` : "";
  const base = `${head}${withCred}${reach ? `: ${reach}` : ""}.`;
  if (allowedBy) return { verdict: "allow", reason: `${base} Allowed by ${allowedBy}.`, action: op.action, class: op.class, credential: cred, rank: classRank(op.class) };

  // A credential found outside the agent's workspace, used for a write: taint from outside the task.
  const outside = creds.find((c) => !c.implicit && c.foundIn.length > 0 && c.foundIn.every((f) => !within(f, roots)));
  if (outside && op.class !== "R") {
    const verdict = answerToVerdict(input.policy.outsideWorkspaceWrite);
    if (verdict !== "allow") {
      return {
        verdict,
        reason: `${base} The credential was found outside this agent's workspace (${displayPath(outside.foundIn[0], roots, home)}), so it is not part of this task. ${suffix(verdict)}`,
        action: op.action,
        class: op.class,
        credential: outside,
        rank: classRank(op.class),
      };
    }
  }

  let verdict = answerToVerdict(classAnswer(input.policy, op.class));
  let note = "";
  // The snapshot knows this credential's real scope and it does not include this action: it cannot do it.
  if (verdict !== "allow" && cred?.snapshot && !cred.snapshot.assumed && !cred.snapshot.reachTruncated && op.catalogued) {
    const can = cred.snapshot.reach.some((r) => r.action.toLowerCase() === op.action.toLowerCase() || r.class === op.class);
    if (!can) {
      return { verdict: "allow", reason: `${head}${withCred}: the posture graph says this credential cannot ${op.action}; the provider will refuse it.`, action: op.action, class: op.class, credential: cred, rank: classRank(op.class) };
    }
  }
  if (op.outsideWorkspace && verdict === "allow") verdict = "ask";
  if (!input.snapshot && verdict !== "allow") note = ` (No guard snapshot: ${input.snapshotProblem ?? "classified by the catalogue alone"})`;
  return { verdict, reason: `${base}${mcpNote} ${suffix(verdict)}${note}`.trim(), action: op.action, class: op.class, credential: cred, rank: classRank(op.class) };
}

function worstReach(c: ResolvedCredential): number {
  return Math.min(7, ...(c.snapshot?.reach.map((r) => classRank(r.class)) ?? []));
}

export async function decide(input: DecideInput): Promise<GuardDecision> {
  const home = input.home;
  const items: Item[] = [];
  for (const op of input.analysis.operations) items.push(await decideOperation(op, input, home));

  const unknowns = [...input.analysis.unknown];
  if (input.analysis.parseFailed) unknowns.push({ why: input.analysis.parseFailed, credentials: [] });
  if (unknowns.length > 0) {
    const inReach = await input.resolver.resolve([...unknowns.flatMap((u) => u.credentials), ...input.analysis.inReach]);
    // In reach = a credential the snapshot says can destroy something, or, without a snapshot, any credential found.
    const dangerous = inReach.filter((c) => (c.snapshot ? c.snapshot.reach.length > 0 : !input.snapshot));
    const first = unknowns[0];
    if (dangerous.length > 0) {
      const c = dangerous.sort((a, b) => worstReach(a) - worstReach(b))[0];
      const verdict = answerToVerdict(input.policy.unknownCodeWithCredential);
      const worst = c.snapshot?.reach[0];
      items.push({
        verdict,
        reason: `Code the guard cannot see (${first.why}) runs with ${credentialPhrase(c, input.workspaceRoots, home)} in reach${worst ? `, which can ${actionVerb(worst.action)} ${resourceWithoutProvider(withoutTokenPreview(worst.resource.name, c.preview), c.provider)} (${worst.class})` : ""}. ${suffix(verdict)}`.trim(),
        action: "unknown code",
        class: "unknown",
        credential: c,
        rank: worst ? classRank(worst.class) : 5,
      });
    } else {
      items.push({ verdict: "allow", reason: `Code the guard cannot see (${first.why}), with no credential in reach that can destroy anything.`, action: "unknown code", class: "unknown", rank: 6 });
    }
  }

  if (items.length === 0) return { verdict: "allow", reason: "Nothing destructive found in this call." };
  items.sort((a, b) => SEVERITY[b.verdict] - SEVERITY[a.verdict] || a.rank - b.rank);
  const worst = items[0];
  const others = items.filter((i) => i !== worst && i.verdict !== "allow").length;
  let verdict = worst.verdict;
  let reason = others > 0 ? `${worst.reason} (${others} more operation${others === 1 ? "" : "s"} in this call also need${others === 1 ? "s" : ""} a decision.)` : worst.reason;
  if (input.policyFault && verdict !== "allow") {
    // The broken file may have held stricter rules than the defaults: fail closed for what destroys.
    if (SEVERITY[verdict] < SEVERITY.approval) verdict = "approval";
    reason = `${reason} ${input.policyFault}; until it is fixed, the guard blocks every call it would not allow.`;
  }
  return {
    verdict,
    reason,
    action: worst.action,
    class: worst.class,
    credential: worst.credential ? { key: worst.credential.snapshot?.key, preview: worst.credential.preview, provider: worst.credential.provider } : undefined,
  };
}
