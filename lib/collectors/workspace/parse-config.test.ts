import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "./copy-fixture-estate";
import { parseConfigText } from "./parse-config";

const malformed = (name: string) => {
  const file = path.join(FIXTURES_DIR, "malformed", name);
  return { file, text: fs.readFileSync(file, "utf8") };
};

describe("parseConfigText", () => {
  it("reads JSON with comments and trailing commas without warnings", () => {
    const parsed = parseConfigText('{\n // note\n "a": [1, 2,],\n}', "x.json");
    expect(parsed.value).toEqual({ a: [1, 2] });
    expect(parsed.warnings).toEqual([]);
  });

  it("keeps the part of a broken JSON file it could read and warns with file and line", () => {
    const { file, text } = malformed("mcp.json");
    const parsed = parseConfigText(text, file);
    expect((parsed.value as { mcpServers: Record<string, unknown> }).mcpServers.ok).toEqual({ command: "ok-server" });
    expect(parsed.warnings.length).toBeGreaterThan(0);
    expect(parsed.warnings[0].location).toMatchObject({ file, line: expect.any(Number) });
    expect(parsed.warnings[0].message).toContain(`${file}:`);
  });

  it("warns with the line and column of a TOML error and skips the file", () => {
    const { file, text } = malformed("config.toml");
    const parsed = parseConfigText(text, file);
    expect(parsed.value).toBeUndefined();
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0].location?.line).toBe(3);
    expect(parsed.warnings[0].message).toMatch(/config\.toml:3:\d+: invalid TOML/);
  });

  it("reads TOML integers above 2^53 without losing them", () => {
    const parsed = parseConfigText("big = 9007199254740993\nsmall = 3\n", "c.toml");
    expect(parsed.value).toEqual({ big: 9007199254740993n, small: 3 });
  });

  it("does not echo the offending TOML line, which may hold a secret", () => {
    const parsed = parseConfigText('token = "FAKE-secret-value-xyz\n', "c.toml");
    expect(JSON.stringify(parsed.warnings)).not.toContain("FAKE-secret-value-xyz");
  });

  it("warns with the line of a YAML error", () => {
    const { file, text } = malformed("config.yaml");
    const parsed = parseConfigText(text, file);
    expect(parsed.warnings.length).toBeGreaterThan(0);
    expect(parsed.warnings[0].location?.line).toBe(4);
  });
});
