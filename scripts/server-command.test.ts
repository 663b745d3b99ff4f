import { describe, expect, it } from "vitest";
import { serverCommand } from "@/scripts/server-command";

describe("serverCommand", () => {
  it("listens on this machine only unless HOST says otherwise", () => {
    expect(serverCommand({ PORT: 3000, HOST: "127.0.0.1" }).args).toEqual(["start", "-p", "3000", "-H", "127.0.0.1"]);
    expect(serverCommand({ PORT: 8080, HOST: "0.0.0.0" }).args).toEqual(["start", "-p", "8080", "-H", "0.0.0.0"]);
  });

  it("tells next-auth the operator's public URL instead of forcing http://localhost", () => {
    expect(serverCommand({ PORT: 3000, HOST: "127.0.0.1" }).env.NEXTAUTH_URL).toBe("http://localhost:3000");
    expect(serverCommand({ PORT: 3000, HOST: "127.0.0.1", BLASTMAP_PUBLIC_URL: "https://blastmap.corp.test" }).env.NEXTAUTH_URL).toBe("https://blastmap.corp.test");
    expect(serverCommand({ PORT: 3000, HOST: "127.0.0.1", BLASTMAP_PUBLIC_URL: "https://a.test", NEXTAUTH_URL: "https://b.test" }).env.NEXTAUTH_URL).toBe("https://b.test");
  });

  it("gives the server a 64 MB young generation unless NODE_OPTIONS sets one", () => {
    expect(serverCommand({ PORT: 3000, HOST: "127.0.0.1" }).env.NODE_OPTIONS).toBe("--max-semi-space-size=64");
    expect(serverCommand({ PORT: 3000, HOST: "127.0.0.1" }, "--max-old-space-size=4096").env.NODE_OPTIONS).toBe("--max-old-space-size=4096 --max-semi-space-size=64");
    expect(serverCommand({ PORT: 3000, HOST: "127.0.0.1" }, "--max-semi-space-size=16").env.NODE_OPTIONS).toBe("--max-semi-space-size=16");
  });
});
