import { describe, expect, it } from "vitest";
import { decode, encode } from "next-auth/jwt";
import { decodeSessionToken } from "@/lib/auth/session-token";

const secret = "a-session-secret-of-at-least-32-characters";

describe("decodeSessionToken", () => {
  it("reads what next-auth's encode wrote, as next-auth's decode does, with or without a salt", async () => {
    for (const salt of ["", "next-auth.session-token"]) {
      const token = await encode({ token: { sid: "s-1", uid: 7 }, secret, salt });
      const ours = await decodeSessionToken({ token, secret, salt });
      expect(ours).toEqual(await decode({ token, secret, salt }));
      expect(ours).toMatchObject({ sid: "s-1", uid: 7 });
    }
  });

  it("refuses a token sealed with another secret, a tampered one and an expired one", async () => {
    const token = await encode({ token: { sid: "s-1" }, secret });
    await expect(decodeSessionToken({ token, secret: `${secret}-rotated` })).rejects.toThrow();
    const [header, key, iv, body, tag] = token.split(".");
    const flipped = `${body.slice(0, -2)}${body.endsWith("A") ? "B" : "A"}${body.slice(-1)}`;
    await expect(decodeSessionToken({ token: [header, key, iv, flipped, tag].join("."), secret })).rejects.toThrow();
    const expired = await encode({ token: { sid: "s-1" }, secret, maxAge: -60 });
    await expect(decodeSessionToken({ token: expired, secret })).rejects.toThrow();
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
  });
});
