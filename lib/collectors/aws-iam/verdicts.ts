/**
 * The verdict per principal: is it an administrator, and can it become something it is not? Escalation
 * is judged on the whole graph of moves (trust policies and escalation methods), so chains count:
 * a role that can assume a role that can assume an administrator can escalate.
 */
import type { ActionCatalog } from "./action-catalog";
import type { EscalationEdge } from "./escalation";
import { computePermissions, holdsMoreThan, type PrincipalPermissions } from "./permissions";
import type { IamModel, IamPrincipal } from "./principals";
import type { TrustAnalysis } from "./trust";

export interface PrincipalVerdict {
  arn: string;
  name: string;
  type: "user" | "role" | "group";
  isAdmin: boolean;
  canEscalate: boolean;
  escalationMethods: string[];
  escalatesTo: string[];
}

type Move = { to: string; method: string | null };

/** Actions held (allowed or conditional), packed 32 per word so "holds more than" is a word-wise test. */
function packStates(states: Uint8Array): Uint32Array {
  const words = new Uint32Array(Math.ceil(states.length / 32));
  for (let i = 0; i < states.length; i++) if (states[i] > 0) words[i >>> 5] |= 1 << (i & 31);
  return words;
}

function packedHoldsMore(target: Uint32Array, source: Uint32Array): boolean {
  for (let w = 0; w < target.length; w++) if ((target[w] & ~source[w]) !== 0) return true;
  return false;
}

interface EscalationJudge {
  moves: Map<string, Move[]>;
  isAdmin: (arn: string) => boolean;
  packed: Map<string, Uint32Array>;
  /** Would becoming "administrator" through `method` gain `p` anything (a boundary may cap it)? */
  adminGain: (p: IamPrincipal, method: string) => boolean;
}

/**
 * Can `p` become something it is not? Breadth-first over trust and escalation moves, from each first move;
 * a path stops at the first identity that gains `p` something: an administrator, the account-administrator
 * node (within a boundary, when one caps it), or an identity holding an action `p` does not hold.
 * Returns the first-hop methods that lead to a gain, and the identities first gained.
 */
function judgeEscalation(p: IamPrincipal, judge: EscalationJudge, model: IamModel): { methods: string[]; targets: string[] } {
  if (judge.isAdmin(p.arn)) return { methods: [], targets: [] };
  const mine = judge.packed.get(p.arn)!;
  const gainCache = new Map<string, boolean>();
  const gains = (node: string, method: string): boolean => {
    if (node.startsWith("admin:")) return judge.adminGain(p, method);
    let hit = gainCache.get(node);
    if (hit === undefined) {
      const theirs = judge.packed.get(node);
      hit = node !== p.arn && theirs !== undefined && (judge.isAdmin(node) || packedHoldsMore(theirs, mine));
      gainCache.set(node, hit);
    }
    return hit;
  };
  const methods = new Set<string>();
  const targets = new Set<string>();
  const label = (node: string) => (node.startsWith("admin:") ? `administrator of ${node.slice(6)}` : (model.byArn.get(node)?.name ?? node));
  for (const first of judge.moves.get(p.arn) ?? []) {
    const firstMethod = first.method ?? "sts:AssumeRole";
    const seen = new Set<string>([p.arn]);
    const queue: { node: string; method: string }[] = [{ node: first.to, method: firstMethod }];
    let gained = false;
    for (let head = 0; head < queue.length; head++) {
      const { node, method } = queue[head];
      if (seen.has(node)) continue;
      seen.add(node);
      if (gains(node, method)) {
        gained = true;
        targets.add(label(node));
        continue;
      }
      for (const next of judge.moves.get(node) ?? []) queue.push({ node: next.to, method: next.method ?? "sts:AssumeRole" });
    }
    if (gained) methods.add(firstMethod);
  }
  return { methods: [...methods].sort(), targets: [...targets].sort() };
}

export function judgePrincipals(
  model: IamModel,
  catalog: ActionCatalog,
  perms: Map<string, PrincipalPermissions>,
  trust: TrustAnalysis,
  escalations: EscalationEdge[],
): PrincipalVerdict[] {
  const boundaryPerms = new Map<string, PrincipalPermissions>();
  const capByMove = new Map<string, string | undefined>();
  for (const e of escalations) if (e.to.kind === "admin") capByMove.set(`${e.from.arn}\u0000${e.method}`, e.cappedByBoundary);
  const packed = new Map<string, Uint32Array>();
  for (const [arn, permissions] of perms) packed.set(arn, packStates(permissions.states));
  const adminGain = (p: IamPrincipal, method: string): boolean => {
    // Escalating to "administrator" inside a permissions boundary gains only what the boundary allows.
    const cap = capByMove.get(`${p.arn}\u0000${method}`);
    if (!cap) return true;
    let bounded = boundaryPerms.get(cap);
    if (!bounded) {
      bounded = computePermissions(catalog, { identity: model.managedPolicies.get(cap)?.statements ?? [], boundary: null, variables: p.policySet.variables, catalog });
      boundaryPerms.set(cap, bounded);
    }
    return holdsMoreThan(bounded.states, perms.get(p.arn)!.states);
  };

  // Moves between identities: plain trust (method null) and escalation methods.
  const moves = new Map<string, Move[]>();
  const addMove = (from: string, move: Move) => {
    const list = moves.get(from);
    if (list) list.push(move);
    else moves.set(from, [move]);
  };
  for (const edge of trust.edges) if ("arn" in edge.from) addMove(edge.from.arn, { to: edge.role.arn, method: null });
  for (const edge of escalations) addMove(edge.from.arn, { to: edge.to.kind === "admin" ? `admin:${edge.to.accountId}` : edge.to.principal.arn, method: edge.method });
  const judge: EscalationJudge = { moves, packed, adminGain, isAdmin: (arn) => perms.get(arn)?.isAdmin ?? false };

  return model.principals.map((p) => {
    const judged = p.type === "group" ? { methods: [], targets: [] } : judgeEscalation(p, judge, model);
    return {
      arn: p.arn,
      name: p.name,
      type: p.type,
      isAdmin: perms.get(p.arn)!.isAdmin,
      canEscalate: judged.methods.length > 0,
      escalationMethods: judged.methods,
      escalatesTo: judged.targets,
    };
  });
}
