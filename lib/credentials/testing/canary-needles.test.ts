import { describe, expect, it } from "vitest";
import { canaryNeedles, findCanaries } from "./canary-needles";

const SECRET = "Cnry/9fQ+x7Lk2pR8sT4vW6yZ1";
const needles = canaryNeedles({ pgPassword: SECRET });
const found = (text: string) => findCanaries(text, needles);

describe("canary needles", () => {
  it("find the secret as planted, and a slice of it", () => {
    expect(found(`password=${SECRET}`)).toContain("pgPassword");
    expect(found(`cut: ${SECRET.slice(8, 24)}`)).toEqual(["pgPassword (slice)"]);
  });

  it("find it base64- and base64url-encoded inside any text, at every byte alignment", () => {
    for (const before of ["", "u:", "us:", "user:"]) {
      for (const after of ["", "@", "@h", "@host"]) {
        const plain = `${before}${SECRET}${after}`;
        expect(found(`Basic ${Buffer.from(plain).toString("base64")}`), plain).not.toEqual([]);
        expect(found(Buffer.from(plain).toString("base64url")), plain).not.toEqual([]);
      }
    }
  });

  it("find it URL-encoded, in either case of escape", () => {
    const encoded = encodeURIComponent(SECRET);
    expect(found(`?password=${encoded}`)).toContain("pgPassword (url-encoded)");
    const lower = encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
    expect(found(`?password=${lower}`)).toContain("pgPassword (url-encoded, lower case)");
  });

  it("find nothing in text that holds none of it", () => {
    expect(found(`password=${"x".repeat(40)} ${Buffer.from("something else entirely").toString("base64")}`)).toEqual([]);
  });

  it("search bytes too", () => {
    expect(findCanaries(Buffer.from(`\u0000${Buffer.from(SECRET).toString("base64")}\u0000`), needles)).not.toEqual([]);
  });
});
