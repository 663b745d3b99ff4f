/**
 * Every page of the access table (lib/auth/access-table.ts) as URLs with real ids, so a spec that must
 * visit "every page" also visits pages added later. Ids of agents and findings come from their lists; a
 * spec passes the ids only it knows (its source, its sweep). A new dynamic page with no ids fails the
 * spec, which then names the page to add here.
 */
import type { Page } from "@playwright/test";
import { PAGE_ACCESS } from "../lib/auth/access-table";

/** Pages a signed-in user is sent away from, and /open, which only redirects to the node it names. */
const NOT_RENDERED_SIGNED_IN = new Set<string>(["/login", "/open"]);

async function idsFromList(page: Page, list: string, prefix: string, limit: number): Promise<string[]> {
  await page.goto(list);
  const hrefs = await page.locator(`a[href^="${prefix}"]`).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.map((h) => h.slice(prefix.length).split(/[/?#]/)[0]).filter((id) => /^[A-Za-z0-9_.:-]+$/.test(id)))].slice(0, limit);
}

/** Resources are listed on the agents' pages (what each can destroy), not on a list of their own. */
async function resourceIds(page: Page, limit: number): Promise<string[][]> {
  const ids = new Set<string>();
  for (const agent of await idsFromList(page, "/agents", "/agents/", 5)) {
    for (const id of await idsFromList(page, `/agents/${agent}`, "/resources/", limit)) ids.add(id);
    if (ids.size >= limit) break;
  }
  return [...ids].slice(0, limit).map((id) => [id]);
}

export async function appPageUrls(page: Page, known: Record<string, string[][]>, limit = 20): Promise<string[]> {
  const ids: Record<string, string[][]> = {
    "/agents/[id]": (await idsFromList(page, "/agents", "/agents/", limit)).map((id) => [id]),
    "/findings/[id]": (await idsFromList(page, "/findings", "/findings/", limit)).map((id) => [id]),
    "/credentials/[id]": (await idsFromList(page, "/credentials", "/credentials/", limit)).map((id) => [id]),
    "/resources/[id]": await resourceIds(page, limit),
    ...known,
  };
  const urls: string[] = [];
  for (const route of Object.keys(PAGE_ACCESS)) {
    if (NOT_RENDERED_SIGNED_IN.has(route)) continue;
    if (!/\[/.test(route)) {
      urls.push(route);
      continue;
    }
    const fills = ids[route];
    if (!fills || fills.length === 0) throw new Error(`no ids for ${route}: add them in e2e/app-pages.ts or pass them`);
    for (const values of fills) urls.push(values.reduce((url, value) => url.replace(/\[[^\]]+\]/, value), route));
  }
  return urls;
}
