import { describe, expect, it } from "vitest";
import { actionNouns, actionVerb, diesClause, isPlural, namedTarget, resourceWithoutProvider } from "@/lib/guard/reason-words";

describe("reason words", () => {
  it("says an action as a person does", () => {
    expect(actionVerb("volumeDelete")).toBe("delete");
    expect(actionVerb("projectDelete")).toBe("delete");
    expect(actionVerb("DROP TABLE")).toBe("drop tables in");
    expect(actionVerb("DROP MATERIALIZED VIEW")).toBe("drop materialized views in");
    expect(actionVerb("TRUNCATE")).toBe("empty tables in");
    expect(actionVerb("UPDATE without WHERE")).toBe("overwrite rows in");
    expect(actionVerb("s3:DeleteBucket")).toBe("delete");
    expect(actionVerb("delete namespaces")).toBe("delete");
    expect(actionVerb("forcePushDefaultBranch")).toBe("force-push");
    expect(actionVerb("rb")).toBe("remove");
    expect(actionVerb("kubectl drain")).toBe("kubectl drain");
    expect(actionNouns("volumeBackupDelete")).toEqual(["volume", "backup"]);
    expect(actionNouns("rds:DeleteDbInstance")).toEqual(["db", "instance"]);
  });

  it("drops the provider the credential already names from the resource", () => {
    expect(resourceWithoutProvider("every Railway volume this token can see", "railway")).toBe("every volume this token can see");
    expect(resourceWithoutProvider("storefront on db.storefront.internal:5432", "postgres")).toBe("storefront on db.storefront.internal:5432");
    expect(isPlural("every volume this token can see")).toBe(true);
    expect(isPlural("storefront on db")).toBe(false);
  });

  it("says what dies with it, theirs or its", () => {
    expect(diesClause(["volume backups"], ["volume"], true)).toBe("their backups die with them");
    expect(diesClause(["branches and point-in-time-restore history"], ["project"], false)).toBe("its branches and point-in-time-restore history die with it");
    expect(diesClause(["automated backups", "manual snapshots"], ["db", "instance"], false)).toBe("its automated backups and its manual snapshots die with it");
    expect(diesClause([], ["volume"], true)).toBe("");
  });

  it("names targets, not argument lists", () => {
    expect(namedTarget("volumeId: v")).toBeUndefined();
    expect(namedTarget("owner: acme, repo: shop")).toBeUndefined();
    expect(namedTarget("orders")).toBe("orders");
    expect(namedTarget("api in prod")).toBe("api in prod");
    expect(namedTarget("https://api.github.com/repos/acme/shop")).toBe("https://api.github.com/repos/acme/shop");
  });
});
