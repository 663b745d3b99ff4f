import type { Locator, Page } from "@playwright/test";

export class CredentialsPage {
  constructor(private readonly page: Page) {}

  async goto(params: Record<string, string> = {}) {
    const query = new URLSearchParams(params).toString();
    await this.page.goto(`/credentials${query ? `?${query}` : ""}`);
  }

  table(): Locator {
    return this.page.getByRole("table", { name: "Credentials" });
  }

  rows(): Locator {
    return this.table().locator("tbody tr");
  }

  /** Each row's provider (the column holds the kind below it). */
  providers(): Locator {
    return this.rows().getByTestId("provider");
  }

  /** The row of the credential found in `file` (its "Found in" cell). */
  rowFoundIn(file: string): Locator {
    return this.rows().filter({ has: this.page.locator("td .loc", { hasText: file }) });
  }

  /** The agents a row says can read the credential. */
  readBy(row: Locator): Locator {
    return row.getByTestId("read-by").getByRole("link");
  }

  sortBy(column: string): Locator {
    return this.table().getByRole("columnheader").getByRole("link", { name: new RegExp(`^${column}`) });
  }

  async filterProvider(provider: string) {
    await this.page.getByRole("form", { name: "Filter credentials" }).getByLabel("Provider").selectOption(provider);
    await this.page.getByRole("button", { name: "Apply" }).click();
  }
}
