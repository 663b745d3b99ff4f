import { describe, expect, it } from "vitest";
import { k8sServiceAccountKey, normalizeClusterUrl, postgresRoleKey } from "@/lib/graph/keys";

describe("natural keys", () => {
  it("treat loopback spellings and host case as one host", () => {
    expect(postgresRoleKey("LOCALHOST", 5432, "app")).toBe(postgresRoleKey("127.0.0.1", 5432, "app"));
    expect(postgresRoleKey("Db.Internal", 5432, "app")).toBe("postgres:db.internal:5432:role:app");
  });

  it("ignore trailing slashes and host case in cluster URLs", () => {
    expect(normalizeClusterUrl("https://API.example.com:6443/")).toBe("https://api.example.com:6443");
    expect(k8sServiceAccountKey("https://api.example.com:6443/", "prod", "ci")).toBe(k8sServiceAccountKey("https://API.example.com:6443", "prod", "ci"));
  });
});
