import { describe, expect, it } from "vitest";
import { applyPathAlias } from "./path-alias";

describe("applyPathAlias", () => {
  const batch = {
    collector: "workspace",
    nodes: [{ kind: "file" as const, key: "file:m:/opt/app/estate/home/dana/.env", name: ".env", props: { path: "/opt/app/estate/home/dana/.env", other: "/opt/app/estate/home/danan/x", n: 3 } }],
    edges: [],
    warnings: [{ code: "x", message: "/opt/app/estate/home/dana/a.json:3: bad", location: { file: "/opt/app/estate/home/dana/a.json", line: 3 } }],
  };

  it("rewrites keys, props and warnings, whole folder names only", () => {
    const out = applyPathAlias(batch, { from: "/opt/app/estate/home/dana/", to: "/home/dana" });
    expect(out.nodes[0]).toEqual({ kind: "file", key: "file:m:/home/dana/.env", name: ".env", props: { path: "/home/dana/.env", other: "/opt/app/estate/home/danan/x", n: 3 } });
    expect(out.warnings?.[0]).toEqual({ code: "x", message: "/home/dana/a.json:3: bad", location: { file: "/home/dana/a.json", line: 3 } });
  });

  it("leaves the batch alone without an alias", () => {
    expect(applyPathAlias(batch, undefined)).toBe(batch);
  });
});
