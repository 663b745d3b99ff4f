import type { Locator, Page } from "@playwright/test";

/** "What can <agent> reach?": one <details> row per (class, resource), expandable to its path. */
export class AgentPage {
  constructor(private readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole("heading", { level: 1, name: /^What can .+ reach\?$/ });
  }

  rows(): Locator {
    return this.page.getByTestId("reach-row");
  }

  row(text: RegExp | string): Locator {
    return this.rows().filter({ has: this.page.locator("summary", { hasText: text }) }).first();
  }

  async expand(row: Locator) {
    await row.locator("summary .reach-action").click(); // not the centre: the resource name there is a link
  }

  /** The text twin of the drawing (ordered chips), and the drawing itself. */
  pathText(row: Locator, containing?: RegExp | string): Locator {
    const lists = row.getByRole("list", { name: "Path" });
    return (containing ? lists.filter({ hasText: containing }) : lists).first();
  }

  drawing(row: Locator): Locator {
    return row.getByRole("img", { name: /^Path from / });
  }

  /** "Where enforcement lives": one row per destructive class. */
  enforcementTable(): Locator {
    return this.page.getByRole("table", { name: "Enforcement by class" });
  }

  enforcementRow(cls: "D1" | "D2" | "D3" | "D4" | "D5"): Locator {
    return this.enforcementTable().getByTestId("enforcement-row").filter({ has: this.page.locator(`.badge.${cls}`) });
  }

  findingsLink(): Locator {
    return this.page.getByRole("link", { name: "Findings for this agent" });
  }

  graphLink(): Locator {
    return this.page.getByRole("link", { name: "Open in the graph explorer" });
  }
}
