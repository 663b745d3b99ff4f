/**
 * What a penetration test of a running server checked (issue 15, F3, F4, F12, F13, F14), against the real
 * server: headers on pages and APIs, a nonced policy the app still works under, sign-in that never sends a
 * user to another site, cookie-signed writes that must be JSON from this origin, and an oversize push
 * sent in chunks answered 413.
 */
import { expect, test } from "@playwright/test";
import { E2E_ADMIN_PASSWORD, E2E_PORT } from "./constants";
import { LoginPage } from "./pages/login-page";

const ORIGIN = `http://localhost:${E2E_PORT}`;

test("pages carry a nonced Content-Security-Policy that forbids framing, and still work under it", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  const response = await page.goto("/sources");
  const headers = response!.headers();
  const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["strict-transport-security"]).toBeUndefined(); // plain HTTP: HSTS would mean nothing
  // Next's scripts carry this response's nonce, and the client side runs: navigation works without a reload.
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  await page.getByRole("link", { name: "Agents", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Agents", exact: true })).toBeVisible();
  expect(errors).toEqual([]);

  const again = await page.request.get("/sources");
  expect(/'nonce-([^']+)'/.exec(again.headers()["content-security-policy"] ?? "")?.[1]).not.toBe(nonce);
});

test("HSTS when served over HTTPS (behind a proxy that terminates TLS)", async ({ page }) => {
  const response = await page.request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(response.headers()["strict-transport-security"]).toMatch(/^max-age=\d+/);
});

test("APIs are never cached, and carry nosniff", async ({ page }) => {
  const response = await page.request.get("/api/v1/sources");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
});

test("a cookie-signed write that is not JSON from this origin is refused (CSRF)", async ({ page }) => {
  const body = JSON.stringify({ name: "planted-by-csrf", collector: "inventory", config: { file: "/tmp/x.json" } });
  const plain = await page.request.post("/api/v1/sources", { data: body, headers: { "content-type": "text/plain" } });
  expect(plain.status()).toBe(403);
  const crossSite = await page.request.post("/api/v1/sources", { data: body, headers: { "content-type": "application/json", origin: "http://evil.localhost" } });
  expect(crossSite.status()).toBe(403);
  const list = await (await page.request.get("/api/v1/sources")).json();
  expect(JSON.stringify(list)).not.toContain("planted-by-csrf");
});

test("the session cookie is HttpOnly and SameSite", async ({ page }) => {
  await page.goto("/");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => /next-auth\.session-token$/.test(c.name));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

for (const attempt of ["/\\evil.test/", "/%5Cevil.test/", "/%09/evil.test/"]) {
  test(`sign-in with callbackUrl=${attempt} stays on this site`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    try {
      await page.goto(`/login?callbackUrl=${attempt}`);
      await new LoginPage(page).signIn("admin", E2E_ADMIN_PASSWORD);
      await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(ORIGIN);
    } finally {
      await context.close();
    }
  });
}

test("an oversize push sent in chunks without a length is answered 413, not 'not valid JSON'", async ({ page }) => {
  const sources = (await (await page.request.get("/api/v1/sources")).json()) as { sources: { id: number; name: string }[] };
  const sourceId = sources.sources[0].id;
  const created = await page.request.post("/api/v1/tokens", {
    data: JSON.stringify({ name: "e2e-oversize", sourceIds: [sourceId] }),
    headers: { "content-type": "application/json", origin: ORIGIN },
  });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const chunk = new Uint8Array(1024 * 1024).fill(0x20);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 60) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const response = await fetch(`${ORIGIN}/api/v1/sources/${sourceId}/sweeps`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    duplex: "half",
  } as RequestInit);
  expect(response.status).toBe(413);
  expect(((await response.json()) as { message: string }).message).toMatch(/larger than 50 MB/);
});
