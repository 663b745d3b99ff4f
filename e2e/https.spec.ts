/**
 * Over real HTTPS (issue 15, F13): the production server started with NEXTAUTH_URL=https://localhost:<port>
 * behind a TLS-terminating proxy with a self-signed certificate made here. Signing in sets a session cookie
 * that is Secure, HttpOnly and SameSite, and every answer carries Strict-Transport-Security; the same
 * server asked over plain HTTP sends no HSTS. The server and proxy are this spec's own (E2E_PORT + 1000 and
 * an ephemeral port), on a fresh embedded database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { startAppServer, type AppServer } from "./app-server";
import { E2E_ADMIN_PASSWORD, E2E_PORT } from "./constants";
import { LoginPage } from "./pages/login-page";
import { startTlsProxy, type TlsProxy } from "./tls-proxy";

const APP_PORT = E2E_PORT + 1000;

let dir: string;
let proxy: TlsProxy;
let server: AppServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-https-e2e-"));
  // The proxy first: its port is the public URL the server is told.
  proxy = await startTlsProxy({ dir, targetPort: APP_PORT });
  server = await startAppServer({ port: APP_PORT, dataDir: path.join(dir, "data"), env: { NEXTAUTH_URL: proxy.origin } });
});

test.afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh browser context on the HTTPS origin that accepts the test's self-signed certificate. */
function httpsContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: proxy.origin, ignoreHTTPSErrors: true, storageState: { cookies: [], origins: [] } });
}

test("signing in over HTTPS sets a Secure, HttpOnly, SameSite session cookie", async ({ browser }) => {
  const context = await httpsContext(browser);
  try {
    const page = await context.newPage();
    const headerLists: Promise<{ name: string; value: string }[]>[] = [];
    page.on("response", (response) => void headerLists.push(response.headersArray()));
    await page.goto("/login");
    await new LoginPage(page).signIn("admin", E2E_ADMIN_PASSWORD);
    // The server read the Secure cookie back: the signed-in page opens, on this origin.
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(proxy.origin);

    const session = (await context.cookies(proxy.origin)).find((c) => /next-auth\.session-token$/.test(c.name));
    expect(session, "a session cookie").toBeDefined();
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax" });
    // The cookie's name says so too: browsers refuse a __Secure- cookie that is not Secure.
    expect(session!.name).toBe("__Secure-next-auth.session-token");
    // And as the server sent it.
    const setCookies = (await Promise.all(headerLists)).flat().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
    const sent = setCookies.find((value) => value.startsWith(`${session!.name}=`));
    expect(sent, "the Set-Cookie of the session").toBeDefined();
    expect(sent).toMatch(/;\s*Secure(;|$)/i);
    expect(sent).toMatch(/;\s*HttpOnly(;|$)/i);
    expect(sent).toMatch(/;\s*SameSite=Lax(;|$)/i);
  } finally {
    await context.close();
  }
});

test("every answer over HTTPS carries Strict-Transport-Security", async ({ browser }) => {
  const context = await httpsContext(browser);
  try {
    const page = await context.newPage();
    const login = await page.goto("/login");
    expect(login!.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
    await new LoginPage(page).signIn("admin", E2E_ADMIN_PASSWORD);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    for (const url of ["/", "/sources", "/api/v1/sources", "/api/health"]) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(200);
      expect(response.headers()["strict-transport-security"], url).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
    }
    // The push route, which the proxy does not run for (its body must stream): refused, and still HSTS.
    const push = await page.request.post("/api/v1/sources/1/sweeps", { headers: { authorization: "Bearer bm_not-a-token" }, data: "{}" });
    expect(push.status()).toBe(401);
    expect(push.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
  } finally {
    await context.close();
  }
});

test("the same server over plain HTTP sends no HSTS", async ({ request }) => {
  for (const url of ["/login", "/api/health"]) {
    const response = await request.get(`${server.url}${url}`);
    expect(response.status(), url).toBe(200);
    expect(response.headers()["strict-transport-security"], url).toBeUndefined();
  }
});
