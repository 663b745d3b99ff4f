/**
 * Who can assume which role, from trust policies. Same-account rules (AWS): a trust policy that names a
 * principal's ARN is enough on its own; one that names the account (`arn:aws:iam::ACCT:root` or `ACCT`)
 * only delegates to the account, so the principal also needs `sts:AssumeRole` on the role in its own
 * policies. A principal in another account always needs both. An explicit Deny in the caller's policies
 * wins in every case.
 */
import { evaluateRequest, statementMatchesAction } from "./evaluate";
import { parseArn } from "./match";
import type { IamModel, IamPrincipal } from "./principals";
import type { PolicyStatement } from "./policy-document";

/** A principal named in a trust policy that the export does not describe (another account, a deleted user). */
export interface ExternalPrincipal {
  /** An ARN, or an account id for "any principal of account X". */
  id: string;
  type: "external-account" | "external-principal";
  accountId: string;
}

export interface TrustEdge {
  /** Source: a principal of the export, or an external one. */
  from: IamPrincipal | ExternalPrincipal;
  role: IamPrincipal;
  conditional: boolean;
  /** How the trust policy names the source: "arn", "account", "public", "session". */
  via: "arn" | "account" | "public" | "session";
  session?: string;
  statement: string;
}

export interface TrustAnalysis {
  edges: TrustEdge[];
  externals: ExternalPrincipal[];
  /** Role ARN → service principals that may assume it ("lambda.amazonaws.com"). */
  trustedServices: Map<string, string[]>;
  /** Role ARN → federated providers. */
  trustedFederated: Map<string, string[]>;
}

const ASSUME_ACTION = "sts:AssumeRole";

function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}

/** `arn:aws:sts::ACCT:assumed-role/NAME/SESSION` → the role it is a session of, when the export has it. */
function roleOfSession(model: IamModel, arn: string): { role: IamPrincipal | null; session: string; accountId: string } | null {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== "sts" || !parsed.resource.startsWith("assumed-role/")) return null;
  const [, roleName, session = ""] = parsed.resource.split("/");
  const role = model.principals.find((p) => p.type === "role" && p.accountId === parsed.account && p.name === roleName) ?? null;
  return { role, session, accountId: parsed.account };
}

function deniedByTrust(trust: PolicyStatement[], principalArn: string, accountId: string): boolean {
  return trust.some(
    (s) =>
      s.effect === "Deny" &&
      s.condition === "none" &&
      statementMatchesAction(s, ASSUME_ACTION) &&
      (s.principal?.aws.some((a) => a === "*" || a === principalArn || a === accountId || a === `arn:aws:iam::${accountId}:root`) ?? false),
  );
}

export function analyzeTrust(model: IamModel): TrustAnalysis {
  const edges: TrustEdge[] = [];
  const externals = new Map<string, ExternalPrincipal>();
  const trustedServices = new Map<string, string[]>();
  const trustedFederated = new Map<string, string[]>();
  const callers = model.principals.filter((p) => p.type !== "group");

  const addExternal = (id: string, type: ExternalPrincipal["type"], accountId: string): ExternalPrincipal => {
    const existing = externals.get(id);
    if (existing) return existing;
    const created: ExternalPrincipal = { id, type, accountId };
    externals.set(id, created);
    return created;
  };

  for (const role of model.principals) {
    if (role.type !== "role") continue;
    const seen = new Set<string>();
    const add = (edge: TrustEdge) => {
      const key = "arn" in edge.from ? edge.from.arn : edge.from.id;
      if (seen.has(key)) return;
      if ("arn" in edge.from && edge.from.arn === role.arn) return;
      seen.add(key);
      edges.push(edge);
    };
    /** May `caller` assume `role` given that the trust statement names it (directly or through its account)? */
    const callerMay = (caller: IamPrincipal, namedDirectly: boolean) => {
      if (deniedByTrust(role.trust, caller.arn, caller.accountId)) return null;
      const decision = evaluateRequest(caller.policySet, ASSUME_ACTION, role.arn);
      if (decision.denied) return null;
      const sameAccount = caller.accountId === role.accountId;
      if (namedDirectly && sameAccount) return { conditional: false };
      return decision.allowed ? { conditional: decision.conditional } : null;
    };

    for (const statement of role.trust) {
      if (statement.effect !== "Allow" || statement.condition === "impossible" || !statement.principal) continue;
      if (!statementMatchesAction(statement, ASSUME_ACTION)) {
        if (statement.principal.federated.length > 0) trustedFederated.set(role.arn, [...(trustedFederated.get(role.arn) ?? []), ...statement.principal.federated]);
        continue;
      }
      const conditionalStatement = statement.condition === "unknown";
      if (statement.principal.service.length > 0) trustedServices.set(role.arn, [...(trustedServices.get(role.arn) ?? []), ...statement.principal.service]);
      if (statement.principal.federated.length > 0) trustedFederated.set(role.arn, [...(trustedFederated.get(role.arn) ?? []), ...statement.principal.federated]);

      for (const named of statement.principal.aws) {
        if (named === "*") {
          for (const caller of callers) {
            const ok = callerMay(caller, true);
            if (ok) add({ from: caller, role, conditional: conditionalStatement || ok.conditional, via: "public", statement: statement.location });
          }
          continue;
        }
        const rootMatch = /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(named);
        const account = isAccountId(named) ? named : rootMatch?.[1];
        if (account) {
          if (!model.accounts.includes(account)) {
            add({ from: addExternal(account, "external-account", account), role, conditional: conditionalStatement, via: "account", statement: statement.location });
            continue;
          }
          for (const caller of callers) {
            if (caller.accountId !== account) continue;
            const ok = callerMay(caller, false);
            if (ok) add({ from: caller, role, conditional: conditionalStatement || ok.conditional, via: "account", statement: statement.location });
          }
          continue;
        }
        const session = roleOfSession(model, named);
        if (session) {
          if (session.role) {
            const ok = callerMay(session.role, true);
            if (ok) add({ from: session.role, role, conditional: conditionalStatement || ok.conditional, via: "session", session: session.session, statement: statement.location });
          } else {
            add({ from: addExternal(named, "external-principal", session.accountId), role, conditional: conditionalStatement, via: "session", session: session.session, statement: statement.location });
          }
          continue;
        }
        const caller = model.byArn.get(named);
        if (caller && caller.type !== "group") {
          const ok = callerMay(caller, true);
          if (ok) add({ from: caller, role, conditional: conditionalStatement || ok.conditional, via: "arn", statement: statement.location });
        } else if (!caller) {
          add({ from: addExternal(named, "external-principal", parseArn(named)?.account ?? "unknown"), role, conditional: conditionalStatement, via: "arn", statement: statement.location });
        }
      }
    }
  }
  return { edges, externals: [...externals.values()], trustedServices, trustedFederated };
}
