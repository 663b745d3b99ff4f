/**
 * The `test` every spec uses: it fails on any console error or failed request, unless the spec says that
 * exact request is expected to fail.
 */
import { test as base, expect } from "@playwright/test";

interface Guard {
  /** Requests (by URL substring) that this test expects to fail, e.g. a rejected sign-in. */
  allowFailure(urlPart: string): void;
}

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ page }, use) => {
      const problems: string[] = [];
      const allowed: string[] = [];
      const isAllowed = (url: string) => allowed.some((part) => url.includes(part));
      page.on("console", (message) => {
        if (message.type() === "error" && !isAllowed(message.location().url ?? "") && !allowed.some((part) => message.text().includes(part))) {
          problems.push(`console error: ${message.text()}`);
        }
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("requestfailed", (request) => {
        // Navigations cancelled by a client-side redirect are not failures.
        if (request.failure()?.errorText === "net::ERR_ABORTED") return;
        if (!isAllowed(request.url())) problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
      });
      page.on("response", (response) => {
        if (response.status() >= 400 && !isAllowed(response.url())) problems.push(`HTTP ${response.status()}: ${response.url()}`);
      });
      await use({ allowFailure: (part) => allowed.push(part) });
      expect(problems, "console errors or failed requests").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Saves a full-page screenshot under test-results/screenshots/. */
export async function snap(page: import("@playwright/test").Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
