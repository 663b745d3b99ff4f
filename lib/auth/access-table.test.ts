/**
 * Every page, route handler and server action under app/ has a rule in the access table, and each is
 * enforced: handlers and actions are called as each role and must refuse exactly the roles the table
 * refuses. A page, route or action added without a rule fails here.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Principal } from "@/lib/auth/access-table";

const session = vi.hoisted(() => ({ user: null as null | { id: number; name: string; role: "admin" | "analyst" | "viewer"; approver: boolean; sessionId: string } }));
vi.mock("@/lib/auth/session", () => ({
  getSessionUser: async () => session.user,
  getSessionUserFrom: async () => session.user,
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "192.0.2.10" }) }));

const { ACTION_ACCESS, PAGE_ACCESS, ROUTE_ACCESS, meetsRequirement } = await import("@/lib/auth/access-table");
const { setRouteDepsForTests } = await import("@/lib/api/route-deps");

const APP = path.resolve(import.meta.dirname, "../../app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** app/(app)/sources/[id]/page.tsx → /sources/[id]: route groups are not part of the URL. */
function urlPathOf(file: string): string {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

const files = walk(APP);
const routeFiles = files.filter((f) => path.basename(f) === "route.ts");
const actionFiles = files.filter((f) => path.basename(f) === "actions.ts");
const pageFiles = files.filter((f) => path.basename(f) === "page.tsx");

type Handler = ((...args: unknown[]) => Promise<unknown>) & { accessKey?: string };

const routes: { key: string; handler: Handler }[] = [];
const actions: { key: string; handler: Handler }[] = [];

const PRINCIPALS: { label: string; principal: Principal | null }[] = [
  { label: "signed out", principal: null },
  { label: "viewer", principal: { role: "viewer", approver: false } },
  { label: "analyst", principal: { role: "analyst", approver: false } },
  { label: "approving analyst", principal: { role: "analyst", approver: true } },
  { label: "admin", principal: { role: "admin", approver: false } },
];

/** A database that fails every query: an allowed call gets past the check and then fails; a refused one never reaches it. */
const failingDb: unknown = new Proxy(function query() {}, {
  get: (_target, property) =>
    property === "then" ? (_resolve: unknown, reject: (error: Error) => void) => reject(new Error("no database in this test")) : failingDb,
  apply: () => failingDb,
});

beforeAll(async () => {
  for (const file of routeFiles) {
    const mod = (await import(file)) as Record<string, Handler>;
    for (const method of METHODS) if (mod[method]) routes.push({ key: `${method} ${urlPathOf(file)}`, handler: mod[method] });
  }
  for (const file of actionFiles) {
    const mod = (await import(file)) as Record<string, Handler>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === "function") actions.push({ key: `${urlPathOf(file)}#${name}`, handler: value });
  }
  setRouteDepsForTests({ db: failingDb as never, fingerprintKey: Buffer.alloc(32), configKey: Buffer.alloc(32) });
  vi.spyOn(console, "error").mockImplementation(() => undefined);
}, 120_000);

afterAll(() => {
  setRouteDepsForTests(undefined);
  vi.restoreAllMocks();
});

describe("the access table covers the code", () => {
  it("has a rule for every route handler, and each handler names its own rule", () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) expect(route.handler.accessKey, route.key).toBe(route.key);
    expect(routes.map((r) => r.key).sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  it("has a rule for every server action, and each action names its own rule", () => {
    expect(actions.length).toBeGreaterThan(5);
    for (const action of actions) expect(action.handler.accessKey, action.key).toBe(action.key);
    expect(actions.map((a) => a.key).sort()).toEqual(Object.keys(ACTION_ACCESS).sort());
  });

  it("has a rule for every page, and each page checks it before anything else", () => {
    const keys = pageFiles.map((file) => {
      const key = urlPathOf(file);
      expect(firstGuardOf(file), file).toEqual(PAGE_ACCESS[key as keyof typeof PAGE_ACCESS] === "public" ? { call: "declarePublicPage", key } : { call: "requirePageAccess", key });
      return key;
    });
    expect(keys.sort()).toEqual(Object.keys(PAGE_ACCESS).sort());
  });
});

describe("every role gets exactly what the table grants", () => {
  for (const { label, principal } of PRINCIPALS) {
    it(`route handlers, as ${label}`, async () => {
      session.user = principal && { id: 7, name: label, sessionId: "s", ...principal };
      for (const route of routes) {
        const requirement = ROUTE_ACCESS[route.key as keyof typeof ROUTE_ACCESS];
        if (requirement === "public") continue; // readiness and next-auth: nothing to refuse
        const [method, pattern] = route.key.split(" ");
        const url = `http://localhost${pattern.replace(/\[[^\]]+\]/g, "1")}`;
        const response = (await route.handler(new Request(url, { method, body: method === "GET" ? undefined : "{}", headers: { "content-type": "application/json" } }), { params: Promise.resolve({ id: "1" }) })) as Response;
        const refused = response.status === 401 || response.status === 403;
        expect(refused, `${label} on ${route.key} (${response.status})`).toBe(!meetsRequirement(principal, requirement));
      }
    });

    it(`server actions, as ${label}`, async () => {
      session.user = principal && { id: 7, name: label, sessionId: "s", ...principal };
      for (const action of actions) {
        const requirement = ACTION_ACCESS[action.key as keyof typeof ACTION_ACCESS];
        const state = (await action.handler(null, new FormData())) as { ok: boolean; error?: string };
        const refused = !state.ok && /^(Only an? |Your session has ended|Sign in)/.test(state.error ?? "");
        expect(refused, `${label} on ${action.key}: ${state.error}`).toBe(!meetsRequirement(principal, requirement));
      }
    });
  }
});

describe("F11: a viewer submitting Accept on a finding", () => {
  it("is refused before the finding is touched", async () => {
    session.user = { id: 3, name: "vera", role: "viewer", approver: false, sessionId: "s" };
    const { changeFindingsStatusAction } = await import("@/app/(app)/findings/actions");
    const form = new FormData();
    form.set("intent", "accept");
    form.set("ids", "f-1");
    form.set("reason", "looks fine");
    form.set("expires", "");
    const state = await changeFindingsStatusAction(null, form);
    expect(state).toMatchObject({ ok: false, error: "Only an analyst or an admin may do this." });
  });
});

/** The first statement of the page's default export, if it is a guard call with a string literal. */
function firstGuardOf(file: string): { call: string; key: string } | null {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const fn = source.statements.find(
    (s): s is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(s) && !!s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && !!s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword),
  );
  const first = fn?.body?.statements[0];
  if (!first) return null;
  let expression: ts.Expression | undefined;
  if (ts.isExpressionStatement(first)) expression = first.expression;
  else if (ts.isVariableStatement(first) && first.declarationList.declarations.length === 1) expression = first.declarationList.declarations[0].initializer;
  if (expression && ts.isAwaitExpression(expression)) expression = expression.expression;
  if (!expression || !ts.isCallExpression(expression) || !ts.isIdentifier(expression.expression)) return null;
  const [arg] = expression.arguments;
  if (!arg || !ts.isStringLiteral(arg)) return null;
  return { call: expression.expression.text, key: arg.text };
}
