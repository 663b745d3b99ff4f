import type { Locator, Page } from "@playwright/test";

export class AgentsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/agents");
  }

  table(): Locator {
    return this.page.getByRole("table", { name: "Agents" });
  }

  agentLink(name: RegExp | string): Locator {
    return this.table().getByRole("link", { name });
  }

  /** Agent ids linked from the list, with their names. */
  async agents(): Promise<{ id: string; name: string }[]> {
    const links = this.table().locator('a[href^="/agents/"]');
    // The list streams in after its loading state: wait for it before reading what it links.
    await links.first().waitFor();
    const out: { id: string; name: string }[] = [];
    for (const link of await links.all()) {
      out.push({ id: (await link.getAttribute("href"))!.split("/").pop()!, name: (await link.textContent()) ?? "" });
    }
    return out;
  }
}
