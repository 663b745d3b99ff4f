import type { Locator, Page } from "@playwright/test";

export class GraphPage {
  constructor(private readonly page: Page) {}

  async goto(params: Record<string, string> = {}) {
    const query = new URLSearchParams(params).toString();
    await this.page.goto(`/graph${query ? `?${query}` : ""}`);
  }

  canvas(): Locator {
    return this.page.locator(".graph-canvas");
  }

  /** The keyboard-accessible list of the nodes in view, beside the drawing. */
  nodesInView(): Locator {
    return this.page.getByRole("complementary", { name: "Node details" }).locator(".node-list button");
  }

  async search(text: string) {
    await this.page.getByLabel("Search nodes by name").fill(text);
    await this.page.getByRole("button", { name: "Search", exact: true }).click();
  }

  searchHits(): Locator {
    return this.page.getByLabel("Search results").locator("li button");
  }

  details(): Locator {
    return this.page.getByTestId("node-details");
  }

  filters(): Locator {
    return this.page.getByRole("form", { name: "Filter the graph" });
  }

  agentSelect(): Locator {
    return this.filters().getByRole("combobox", { name: "Agent" });
  }

  async pickAgent(name: string) {
    await this.agentSelect().selectOption({ label: name });
  }

  async hideKind(plural: string) {
    await this.filters().getByRole("group", { name: "Hide kinds" }).getByLabel(plural, { exact: true }).check();
  }

  legend(): Locator {
    return this.page.locator("details.legend");
  }
}
