/**
 * Several server processes on one port (BLASTMAP_PROCESSES, Postgres only): `npm start`'s script on a fresh
 * Postgres database of this spec's own, with the demo estate. A session signed in through one process is
 * good on every other (sessions live in the database); a process that dies is replaced while the others
 * go on serving; the embedded database refuses a second process with a message that says why.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { startAppServer, type AppServer } from "./app-server";
import { E2E_ADMIN_PASSWORD, E2E_PORT } from "./constants";
import { AgentsPage } from "./pages/agents-page";
import { AppShell } from "./pages/app-shell";
import { LoginPage } from "./pages/login-page";

const APP_PORT = E2E_PORT + 1001;
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DATABASE = `blastmap_e2e_processes_${process.pid}`;

let dir: string;
let server: AppServer;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The server processes of the app's process group (Next names its process "next-server (v…)"). */
function serverProcesses(group: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const processGroup = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (processGroup === group && fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").startsWith("next-server")) found.push(Number(entry));
    } catch {
      // gone since the listing
    }
  }
  return found.sort((a, b) => a - b);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-processes-e2e-"));
  await admin(`drop database if exists ${DATABASE}`);
  await admin(`create database ${DATABASE}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DATABASE}`;
  server = await startAppServer({ port: APP_PORT, dataDir: path.join(dir, "data"), env: { DATABASE_URL: url.toString(), BLASTMAP_PROCESSES: "2", BLASTMAP_DEMO: "1" } });
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await admin(`drop database if exists ${DATABASE}`).catch(() => undefined);
});

test("two processes serve one port; a session holds on every one, and a process that dies is replaced", async ({ browser }) => {
  test.setTimeout(240_000); // two replacements start under the suite's load
  const context = await browser.newContext({ baseURL: server.url, storageState: { cookies: [], origins: [] } });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await new LoginPage(page).signIn("admin", E2E_ADMIN_PASSWORD);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await new AppShell(page).open("Agents");
    const listed = new AgentsPage(page).table().locator('a[href^="/agents/"]').first();
    await expect(listed).toBeVisible();

    const first = serverProcesses(server.pid);
    expect(first).toHaveLength(2);

    // Each original process in turn is killed; the page keeps working, signed in, from whichever is left,
    // and the start script brings the count back to two.
    for (const victim of first) {
      process.kill(victim, "SIGKILL");
      await expect.poll(() => serverProcesses(server.pid).includes(victim), { timeout: 10_000 }).toBe(false);
      // The browser's kept-alive connection may have been the dead process's: that one load can fail
      // (ERR_CONNECTION_RESET), as it would for a person, and the next is served by the process left.
      await expect(async () => {
        await page.reload({ timeout: 10_000 });
        await expect(listed).toBeVisible({ timeout: 5_000 });
      }).toPass({ timeout: 30_000 });
      await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Signed in as admin");
      await expect.poll(() => serverProcesses(server.pid).length, { timeout: 60_000 }).toBe(2);
    }
    const now = serverProcesses(server.pid);
    expect(now.filter((pid) => first.includes(pid))).toEqual([]);
    // The replacements serve too: the only processes left are new ones.
    await page.reload();
    await expect(listed).toBeVisible();
  } finally {
    await context.close();
  }
});

test("the embedded database refuses a second process, saying why", async () => {
  test.setTimeout(60_000);
  await expect(startAppServer({ port: APP_PORT + 1, dataDir: path.join(dir, "embedded"), env: { BLASTMAP_PROCESSES: "2" } })).rejects.toThrow(
    /BLASTMAP_PROCESSES=2 needs a Postgres server \(DATABASE_URL\): the embedded database allows one process/,
  );
});
