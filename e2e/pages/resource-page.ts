import type { Locator, Page } from "@playwright/test";

/** /resources/[id]: who can destroy a resource or recovery copy. */
export class ResourcePage {
  constructor(private readonly page: Page) {}

  async goto(id: number | string) {
    await this.page.goto(`/resources/${id}`);
  }

  heading(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  counts(): Locator {
    return this.page.getByTestId("destroyer-counts");
  }

  /** The agents that can destroy it, as links to their pages. */
  agentLinks(): Locator {
    return this.page.getByTestId("destroyer-agents").locator(".destroyer-head a.strong-link");
  }
}
