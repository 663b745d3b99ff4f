/**
 * A policy document (identity, boundary or trust policy) normalised into statements the evaluator can use.
 * Every statement remembers where it came from (JSON path in the export) so that warnings and edges can
 * point a reviewer at the exact line of policy.
 */
import { AppError } from "@/lib/errors";
import type { CollectorWarning } from "@/lib/graph/types";
import { assessCondition, type ConditionState } from "./conditions";

export interface PrincipalSpec {
  /** "*" or a list of ARNs / account ids, from `Principal.AWS` (or `Principal: "*"`). */
  aws: string[];
  service: string[];
  federated: string[];
}

export interface PolicyStatement {
  effect: "Allow" | "Deny";
  /** Exactly one of actions / notActions is set. Patterns as written. */
  actions: string[] | null;
  notActions: string[] | null;
  /** Exactly one of resources / notResources is set, except in trust policies where both may be absent. */
  resources: string[] | null;
  notResources: string[] | null;
  condition: ConditionState;
  principal: PrincipalSpec | null;
  hasNotPrincipal: boolean;
  /** Name of the policy it belongs to, for explanations. */
  policyName: string;
  /** JSON path of the statement in the export. */
  location: string;
}

const STATEMENT_KEYS = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal", "NotPrincipal"]);
const DOCUMENT_KEYS = new Set(["Version", "Id", "Statement"]);

function toStringList(value: unknown, location: string, file: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  for (const [i, item] of list.entries()) {
    if (typeof item !== "string") {
      throw new AppError("bad_request:input", `${file}: ${location}${Array.isArray(value) ? `[${i}]` : ""}: expected a string, got ${JSON.stringify(item)}`);
    }
  }
  return list as string[];
}

function parsePrincipal(value: unknown, location: string, file: string): PrincipalSpec {
  if (value === "*") return { aws: ["*"], service: [], federated: [] };
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new AppError("bad_request:input", `${file}: ${location}: Principal must be "*" or an object`);
  }
  const record = value as Record<string, unknown>;
  return {
    aws: record.AWS === undefined ? [] : toStringList(record.AWS, `${location}.AWS`, file),
    service: record.Service === undefined ? [] : toStringList(record.Service, `${location}.Service`, file),
    federated: record.Federated === undefined ? [] : toStringList(record.Federated, `${location}.Federated`, file),
  };
}

/**
 * The CLI prints documents as JSON objects; the raw API returns them URL-encoded. Accept both.
 */
function decodeDocument(document: unknown, location: string, file: string): unknown {
  if (typeof document !== "string") return document;
  try {
    const text = document.trimStart().startsWith("{") ? document : decodeURIComponent(document);
    return JSON.parse(text);
  } catch (cause) {
    throw new AppError("bad_request:input", `${file}: ${location}: policy document is a string that is not JSON`, { cause });
  }
}

export interface NormalizeOptions {
  file: string;
  policyName: string;
  location: string;
  now: number;
  warnings: CollectorWarning[];
}

export function normalizePolicyDocument(document: unknown, options: NormalizeOptions): PolicyStatement[] {
  const { file, location, warnings } = options;
  const doc = decodeDocument(document, location, file);
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new AppError("bad_request:input", `${file}: ${location}: policy document must be an object`);
  }
  const record = doc as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!DOCUMENT_KEYS.has(key)) {
      warnings.push({ code: "aws-iam:unknown-policy-element", message: `unknown policy element "${key}" ignored`, location: { file, path: `${location}.${key}` } });
    }
  }
  if (record.Statement === undefined) return [];
  const rawStatements = Array.isArray(record.Statement) ? record.Statement : [record.Statement];
  const statementBase = Array.isArray(record.Statement) ? `${location}.Statement` : `${location}.Statement`;
  return rawStatements.map((raw, index) => {
    const at = Array.isArray(record.Statement) ? `${statementBase}[${index}]` : statementBase;
    return normalizeStatement(raw, at, options);
  }).filter((s): s is PolicyStatement => s !== null);
}

function normalizeStatement(raw: unknown, at: string, options: NormalizeOptions): PolicyStatement | null {
  const { file, warnings } = options;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AppError("bad_request:input", `${file}: ${at}: statement must be an object`);
  }
  const s = raw as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (!STATEMENT_KEYS.has(key)) {
      warnings.push({ code: "aws-iam:unknown-policy-element", message: `unknown statement element "${key}" ignored`, location: { file, path: `${at}.${key}` } });
    }
  }
  if (s.Effect !== "Allow" && s.Effect !== "Deny") {
    // AWS rejects such a policy; if one slipped into an export, it grants nothing.
    warnings.push({ code: "aws-iam:bad-effect", message: `Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}; statement ignored`, location: { file, path: `${at}.Effect` } });
    return null;
  }
  if ((s.Action === undefined) === (s.NotAction === undefined)) {
    warnings.push({ code: "aws-iam:bad-statement", message: "a statement needs exactly one of Action / NotAction; statement ignored", location: { file, path: at } });
    return null;
  }
  return {
    effect: s.Effect,
    actions: s.Action === undefined ? null : toStringList(s.Action, `${at}.Action`, file),
    notActions: s.NotAction === undefined ? null : toStringList(s.NotAction, `${at}.NotAction`, file),
    resources: s.Resource === undefined ? null : toStringList(s.Resource, `${at}.Resource`, file),
    notResources: s.NotResource === undefined ? null : toStringList(s.NotResource, `${at}.NotResource`, file),
    condition: assessCondition(s.Condition, options.now),
    principal: s.Principal === undefined ? null : parsePrincipal(s.Principal, `${at}.Principal`, file),
    hasNotPrincipal: s.NotPrincipal !== undefined,
    policyName: options.policyName,
    location: at,
  };
}
