import { describe, expect, it } from "vitest";
import { parseEnvFile } from "@/lib/credentials/stores/env-file";

describe("parseEnvFile", () => {
  it("reads plain, exported, quoted and commented assignments", () => {
    const text = [
      "# a comment",
      "PLAIN=abc",
      "export EXPORTED=def # trailing comment",
      'DOUBLE="x y\\nz"',
      "SINGLE='a#b'",
      'MULTI="line1',
      'line2"',
      "EMPTY=",
      "not an assignment",
    ].join("\n");
    expect(parseEnvFile(text)).toEqual([
      { name: "PLAIN", value: "abc", line: 2 },
      { name: "EXPORTED", value: "def", line: 3 },
      { name: "DOUBLE", value: "x y\nz", line: 4 },
      { name: "SINGLE", value: "a#b", line: 5 },
      { name: "MULTI", value: "line1\nline2", line: 6 },
      { name: "EMPTY", value: "", line: 8 },
    ]);
  });
});
