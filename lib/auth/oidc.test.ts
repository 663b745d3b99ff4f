import { afterEach, describe, expect, it } from "vitest";
import { roleFromGroups, ssoUsername } from "@/lib/auth/oidc";
import { getEnv, resetEnvForTests } from "@/lib/env";

const ROLE_MAP = [
  { group: "sec-admins", role: "admin", approver: false },
  { group: "approvers", role: "viewer", approver: true },
  { group: "secops", role: "analyst", approver: true },
  { group: "staff", role: "viewer", approver: false },
] as const;

describe("roleFromGroups", () => {
  it("takes the highest role, and approver from any group that grants it", () => {
    expect(roleFromGroups(["staff", "sec-admins", "secops"], [...ROLE_MAP])).toEqual({ role: "admin", approver: true });
    expect(roleFromGroups(["staff"], [...ROLE_MAP])).toEqual({ role: "viewer", approver: false });
  });
  it("never makes a viewer an approver", () => {
    expect(roleFromGroups(["approvers"], [...ROLE_MAP])).toEqual({ role: "viewer", approver: false });
  });
  it("refuses (null) when no group is mapped or the claim is missing or malformed", () => {
    expect(roleFromGroups(["contractors"], [...ROLE_MAP])).toBeNull();
    expect(roleFromGroups(undefined, [...ROLE_MAP])).toBeNull();
    expect(roleFromGroups({ admin: true }, [...ROLE_MAP])).toBeNull();
    expect(roleFromGroups("staff", [...ROLE_MAP])).toEqual({ role: "viewer", approver: false });
  });
  it("names SSO users so they cannot take a local username", () => {
    expect(ssoUsername({ sub: "123", preferred_username: "admin" })).toBe("sso:admin");
  });
});

describe("BLASTMAP_OIDC_* in lib/env.ts", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvForTests();
  });
  it("parses the role map", () => {
    Object.assign(process.env, {
      BLASTMAP_OIDC_ISSUER: "https://idp.example.test",
      BLASTMAP_OIDC_CLIENT_ID: "blastmap",
      BLASTMAP_OIDC_CLIENT_SECRET: "not-a-real-secret",
      BLASTMAP_OIDC_ROLE_MAP: "sec-admins=admin+approver, secops=analyst",
    });
    resetEnvForTests();
    expect(getEnv().BLASTMAP_OIDC_ROLE_MAP).toEqual([
      { group: "sec-admins", role: "admin", approver: true },
      { group: "secops", role: "analyst", approver: false },
    ]);
    expect(getEnv().BLASTMAP_OIDC_GROUPS_CLAIM).toBe("groups");
  });
  it("says what is wrong with a bad map, or a missing client", () => {
    Object.assign(process.env, { BLASTMAP_OIDC_ROLE_MAP: "sec-admins=root" });
    resetEnvForTests();
    expect(() => getEnv()).toThrow(/BLASTMAP_OIDC_ROLE_MAP has "sec-admins=root"; write group=admin\|analyst\|viewer\[\+approver\]/);
    process.env = { ...saved, BLASTMAP_OIDC_ISSUER: "https://idp.example.test" };
    resetEnvForTests();
    expect(() => getEnv()).toThrow(/BLASTMAP_OIDC_CLIENT_ID, BLASTMAP_OIDC_CLIENT_SECRET and BLASTMAP_OIDC_ROLE_MAP are needed/);
  });
});
