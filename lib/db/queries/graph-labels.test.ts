import { describe, expect, it } from "vitest";
import { compactLabel } from "@/lib/db/queries/graph-labels";

describe("compactLabel", () => {
  it("keeps what differs between the catalogue's token-implied resources", () => {
    expect(compactLabel("every Railway volume this token can see (fa4e…cafe)")).toBe("Railway volume (fa4e…cafe)");
    expect(compactLabel("every Railway volume this token can see (its environment) (fa4e…cafe)")).toBe("Railway volume (its environment) (fa4e…cafe)");
    expect(compactLabel("the Railway project this token belongs to (ab…cd)")).toBe("Railway project (ab…cd)");
    expect(compactLabel("orders-db")).toBe("orders-db");
  });
});
