import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { parseCookieHeader, readSessionId } from "@/lib/auth/session";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";

describe("readSessionId", () => {
  it("reads the session id from next-auth's cookie as a browser sends it", async () => {
    const token = await encode({ token: { sub: "1", sid: "the-session-id" }, secret: SECRET });
    const headers = new Headers({ cookie: `theme=dark; next-auth.session-token=${token}; other=1` });
    expect(await readSessionId(headers, SECRET)).toBe("the-session-id");
  });

  it("gives null without a cookie, with a token sealed by another secret, or without a session id", async () => {
    expect(await readSessionId(new Headers(), SECRET)).toBeNull();
    const foreign = await encode({ token: { sub: "1", sid: "x" }, secret: "another-secret-that-is-long-enough-9876543210" });
    expect(await readSessionId(new Headers({ cookie: `next-auth.session-token=${foreign}` }), SECRET)).toBeNull();
    const old = await encode({ token: { sub: "1", role: "admin" }, secret: SECRET }); // a pre-session token: role claims are not trusted
    expect(await readSessionId(new Headers({ cookie: `next-auth.session-token=${old}` }), SECRET)).toBeNull();
  });

  it("parses cookie headers without tripping on odd pairs", () => {
    expect(parseCookieHeader("a=1; b=x=y;;c; d=%E0%A4%A")).toEqual({ a: "1", b: "x=y" });
  });
});
