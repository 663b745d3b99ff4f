import { describe, expect, it } from "vitest";
import { findingQueryParams, isFilterNarrowed, parseFindingQuery } from "@/lib/findings/finding-query";

describe("parseFindingQuery: the findings URL", () => {
  it("opens on the work list: open findings, worst first, 50 a page", () => {
    expect(parseFindingQuery({})).toEqual({ q: "", status: ["open"], severity: [], rule: [], agent: [], sort: "severity", dir: "asc", page: 1, size: 50 });
    expect(isFilterNarrowed(parseFindingQuery({}))).toBe(false);
  });

  it("reads repeated and comma-separated values, dropping what it does not know", () => {
    const query = parseFindingQuery(new URLSearchParams("severity=critical&severity=high,bogus&rule=shared-credential&rule=nope&agent=12&agent=x&status=accepted&status=resolved"));
    expect(query).toMatchObject({ severity: ["critical", "high"], rule: ["shared-credential"], agent: [12], status: ["accepted", "resolved"] });
  });

  it("says any status for status=all, or for the form's empty status with every box cleared", () => {
    expect(parseFindingQuery({ status: "all" }).status).toEqual([]);
    expect(parseFindingQuery({ status: "" }).status).toEqual([]);
    expect(parseFindingQuery({ status: ["", "open"] }).status).toEqual(["open"]);
  });

  it("falls back to defaults for a bad sort, page or size instead of failing the page", () => {
    expect(parseFindingQuery({ sort: "drop table", dir: "sideways", page: "-3", size: "7" })).toMatchObject({ sort: "severity", dir: "asc", page: 1, size: 50 });
    expect(parseFindingQuery({ q: "x".repeat(500) }).q).toBe("");
  });

  it("writes back the same query, leaving defaults out", () => {
    const query = parseFindingQuery({ q: "volume", status: "all", severity: ["critical", "high"], sort: "title", dir: "desc", page: "3", size: "100" });
    const params = findingQueryParams(query);
    expect(params.toString()).toBe("q=volume&status=all&severity=critical&severity=high&sort=title&dir=desc&page=3&size=100");
    expect(parseFindingQuery(params)).toEqual(query);
    expect(findingQueryParams(parseFindingQuery({})).toString()).toBe("");
  });
});
