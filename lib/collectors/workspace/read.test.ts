import { describe, expect, it } from "vitest";
import { parseDotenv } from "./read";

describe("parseDotenv", () => {
  it("reads plain, exported, quoted and commented assignments with their lines", () => {
    const text = "# comment\nA=1\nexport B='two words'\nC=\"x#y\" # note\nD=raw # note\n\nnot an assignment\n";
    expect(parseDotenv(text)).toEqual([
      { name: "A", value: "1", line: 2 },
      { name: "B", value: "two words", line: 3 },
      { name: "C", value: "x#y", line: 4 },
      { name: "D", value: "raw", line: 5 },
    ]);
  });
});
