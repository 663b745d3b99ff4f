/**
 * Single sign-on against a real OpenID provider (oidc-provider) running in this process: next-auth's own
 * handler runs the authorization code flow (PKCE, state) with the configuration lib/env.ts parses from
 * BLASTMAP_OIDC_*, the provider signs an ID token with the user's groups, and the session that comes back
 * carries the role the group maps to. A user with no mapped group is refused. Nothing leaves the machine.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import type { AuthOptions } from "next-auth";
import { decode } from "next-auth/jwt";
import Provider from "oidc-provider";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getAuthOptions } from "@/lib/auth/options";
import { resolveSession } from "@/lib/auth/sessions";
import type { DatabaseHandle } from "@/lib/db/client";
import { listAuditEntries } from "@/lib/db/queries/audit";
import { findUserByUsername } from "@/lib/db/queries/users";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { getEnv, resetEnvForTests } from "@/lib/env";

/**
 * next-auth's core handler, the one its Next.js route handler calls with the request's cookies and body
 * (not in the package's exports map, hence the path).
 */
const { AuthHandler } = createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/index.js")) as {
  AuthHandler(params: { req: Record<string, unknown>; options: AuthOptions }): Promise<{ redirect?: string; body?: unknown; cookies?: { name: string; value: string }[] }>;
};

const APP = "http://localhost:3000";
const CLIENT_ID = "blastmap";
const CLIENT_SECRET = randomBytes(24).toString("base64url");
const AUTH_SECRET = randomBytes(32).toString("base64url");

/** The identity provider's directory: who is in which group. */
const DIRECTORY: Record<string, string[]> = {
  alice: ["staff", "sec-admins"],
  sam: ["staff", "secops"],
  vic: ["staff", "readers"],
  mallory: ["staff"],
};

let server: http.Server;
let issuer: string;
let signingInAs = "alice";

beforeAll(async () => {
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${APP}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], profile: ["preferred_username", "name"], groups: ["groups"] },
    // Claims in the ID token itself: next-auth (idToken: true) reads the profile from it.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, preferred_username: sub, groups: DIRECTORY[sub] }) }),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(16).toString("hex")] },
  });
  // The login and consent screens, answered at once for the user the test signs in as.
  provider.use(async (ctx, next) => {
    if (!ctx.path.startsWith("/interaction/")) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name === "login") {
      return provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: signingInAs } }, { mergeWithLastSubmission: false });
    }
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    return provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  });
  server.on("request", provider.callback());

  process.env.NEXTAUTH_URL = APP;
  process.env.BLASTMAP_OIDC_ISSUER = issuer;
  process.env.BLASTMAP_OIDC_CLIENT_ID = CLIENT_ID;
  process.env.BLASTMAP_OIDC_CLIENT_SECRET = CLIENT_SECRET;
  process.env.BLASTMAP_OIDC_SCOPE = "openid profile groups";
  process.env.BLASTMAP_OIDC_ROLE_MAP = "sec-admins=admin+approver, secops=analyst, readers=viewer";
  resetEnvForTests();
});

afterAll(async () => {
  for (const name of ["BLASTMAP_OIDC_ISSUER", "BLASTMAP_OIDC_CLIENT_ID", "BLASTMAP_OIDC_CLIENT_SECRET", "BLASTMAP_OIDC_SCOPE", "BLASTMAP_OIDC_ROLE_MAP"]) delete process.env[name];
  resetEnvForTests();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

type Jar = Record<string, string>;

/** Follows the provider's redirects, with its cookies, until it sends the browser back to the app. */
async function followProvider(start: string): Promise<URL> {
  const jar: Jar = {};
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(APP)) return new URL(url);
    const response = await fetch(url, { redirect: "manual", headers: { cookie: Object.entries(jar).map(([k, v]) => `${k}=${v}`).join("; ") } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      jar[name] = value;
    }
    const location = response.headers.get("location");
    if (!location) throw new Error(`the provider stopped at ${response.status}: ${(await response.text()).slice(0, 300)}`);
    url = new URL(location, url).toString();
  }
  throw new Error("too many redirects");
}

/** The whole sign-in, as the browser and next-auth's route handler would do it. */
async function signInWithSso(db: DatabaseHandle["db"], as: string): Promise<{ redirect: string; sessionId: string | null }> {
  signingInAs = as;
  const options = getAuthOptions({ getDb: async () => db, env: getEnv(), secret: AUTH_SECRET });
  const jar: Jar = {};
  const keep = (cookies: { name: string; value: string }[] | undefined) => {
    for (const cookie of cookies ?? []) jar[cookie.name] = cookie.value;
  };
  const base = { headers: { host: "localhost:3000" }, query: {}, body: {} };

  const csrf = (await AuthHandler({ req: { ...base, action: "csrf", method: "GET", cookies: { ...jar } }, options })) as { body?: { csrfToken: string }; cookies?: { name: string; value: string }[] };
  keep(csrf.cookies);
  const start = await AuthHandler({
    req: { ...base, action: "signin", providerId: "oidc", method: "POST", cookies: { ...jar }, body: { csrfToken: csrf.body!.csrfToken, callbackUrl: `${APP}/` } },
    options,
  });
  keep(start.cookies);
  expect(start.redirect).toMatch(new RegExp(`^${issuer}/auth\\?`));
  expect(new URL(start.redirect!).searchParams.get("code_challenge_method")).toBe("S256");

  const back = await followProvider(start.redirect!);
  const done = await AuthHandler({
    req: { ...base, action: "callback", providerId: "oidc", method: "GET", cookies: { ...jar }, query: Object.fromEntries(back.searchParams) },
    options,
  });
  keep(done.cookies);
  const token = jar["next-auth.session-token"];
  const decoded = token ? await decode({ token, secret: AUTH_SECRET }) : null;
  return { redirect: done.redirect ?? "", sessionId: typeof decoded?.sid === "string" ? decoded.sid : null };
}

describeEachDriver("single sign-on (OIDC)", (testDb) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await testDb.create();
  });
  afterAll(async () => handle?.close());

  it("signs a sec-admins member in as an admin and approver, a secops member as an analyst", async () => {
    const alice = await signInWithSso(handle.db, "alice");
    expect(alice.redirect).toBe(`${APP}/`);
    expect(await resolveSession(handle.db, alice.sessionId!)).toMatchObject({ username: "sso:alice", role: "admin", approver: true, authProvider: "oidc" });

    const sam = await signInWithSso(handle.db, "sam");
    expect(await resolveSession(handle.db, sam.sessionId!)).toMatchObject({ username: "sso:sam", role: "analyst", approver: false });
    const vic = await signInWithSso(handle.db, "vic");
    expect(await resolveSession(handle.db, vic.sessionId!)).toMatchObject({ role: "viewer" });
  });

  it("refuses a user none of whose groups is mapped, and records why", async () => {
    const mallory = await signInWithSso(handle.db, "mallory");
    expect(mallory.sessionId).toBeNull();
    expect(mallory.redirect).toBe(`${APP}/api/auth/error?error=AccessDenied`);
    // next-auth's error route sends the browser on to the sign-in page, which says why.
    const options = getAuthOptions({ getDb: async () => handle.db, env: getEnv(), secret: AUTH_SECRET });
    const shown = await AuthHandler({ req: { action: "error", method: "GET", headers: { host: "localhost:3000" }, query: {}, error: "AccessDenied", cookies: {} }, options });
    expect(shown.redirect).toBe("/login?error=AccessDenied");
    expect(await findUserByUsername(handle.db, "sso:mallory")).toBeUndefined();
    const [entry] = await listAuditEntries(handle.db, { action: "auth.sign_in", outcome: "failure" }, { limit: 1 });
    expect(entry).toMatchObject({ target: "sso:mallory", detail: { method: "oidc", reason: "no_mapped_group" } });
  });

  it("follows the provider: a user moved to another group gets that role at the next sign-in", async () => {
    DIRECTORY.sam = ["staff", "sec-admins"];
    try {
      const sam = await signInWithSso(handle.db, "sam");
      expect(await resolveSession(handle.db, sam.sessionId!)).toMatchObject({ username: "sso:sam", role: "admin" });
    } finally {
      DIRECTORY.sam = ["staff", "secops"];
    }
  });
});
