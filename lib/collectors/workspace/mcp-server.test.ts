import { describe, expect, it } from "vitest";
import { readMcpServer, readMcpServerMap, splitReferences } from "./mcp-server";

const source = { file: "/home/u/p/.vscode/mcp.json", text: "", home: "/home/u" };

describe("splitReferences", () => {
  it("recognises each agent's reference syntax", () => {
    const { references, literal } = splitReferences("a ${A} ${B:-x} ${env:C} ${input:d-1} ${{ secrets.E }}", "p");
    expect(references.map((reference) => [reference.name, reference.via])).toEqual([
      ["E", "continue-secret"],
      ["C", "env"],
      ["d-1", "input"],
      ["A", "env"],
      ["B", "env"],
    ]);
    expect(literal.trim()).toBe("a");
  });
});

describe("readMcpServer", () => {
  it("masks credentials in arguments but keeps the rest readable", () => {
    const server = readMcpServer(
      "x",
      { command: "npx", args: ["--api-key", "abc", "--token=zzz", "postgres://u:FAKEpw@h:5432/d", "plain", "sk_test_FAKE0000000000000000000000"] },
      source,
    );
    expect(server.args).toEqual(["--api-key", "<redacted>", "--token=<redacted>", "postgres://u:<redacted>@h:5432/d", "plain", "<redacted>"]);
    expect(server.inlineValues.filter((value) => !value.secret).map((value) => value.path)).toEqual(["args[0]", "args[1]", "args[2]", "args[3]", "args[4]", "args[5]"]);
    // In secret positions: after --api-key, inline --token=, the URL's password.
    expect(server.inlineValues.filter((value) => value.secret).map((value) => [value.path, value.value])).toEqual([
      ["args[1]", "abc"],
      ["args[2]", "zzz"],
      ["args[3].password", "FAKEpw"],
    ]);
  });

  it("masks key-like query values on the URL, and makes them secret positions", () => {
    const server = readMcpServer("x", { serverUrl: "https://h.example/sse?api_key=FAKE1&team=t" }, source);
    expect(server.transport).toBe("http");
    expect(server.url).toBe("https://h.example/sse?api_key=<redacted>&team=t");
    expect(server.inlineValues).toEqual([
      { path: "url?api_key", name: "api_key", value: "FAKE1" },
      { path: "url?team", name: "team", value: "t" },
      { path: "url", value: "https://h.example/sse" },
      { path: "url?api_key", name: "api_key", value: "FAKE1", secret: true },
    ]);
  });

  it("makes a random path segment of a URL a secret position and hides it", () => {
    const server = readMcpServer("x", { url: "https://mcp.example/s/Fk29dLq81mZx0PwQ7vT3/sse" }, source);
    expect(server.url).toBe("https://mcp.example/s/<redacted>/sse");
    expect(server.inlineValues.filter((value) => value.secret)).toEqual([{ path: "url/[2]", value: "Fk29dLq81mZx0PwQ7vT3", secret: true }]);
  });

  it("reads a nested transport block", () => {
    const server = readMcpServer("x", { transport: { type: "sse", url: "https://mcp.example/sse", headers: { "X-API-Key": "FAKEheaderKEY" } } }, source);
    expect(server.transport).toBe("sse");
    expect(server.url).toBe("https://mcp.example/sse");
    expect(server.inlineValues.filter((value) => value.secret)).toEqual([{ path: "headers.X-API-Key", name: "X-API-Key", value: "FAKEheaderKEY", secret: true }]);
  });

  it("keeps Windows folders of a filesystem server as written", () => {
    const server = readMcpServer("fs", { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "C:\\Users\\dev\\code", "D:/data"] }, source);
    expect(server.exposedDirs).toEqual(["C:\\Users\\dev\\code", "D:/data"]);
    expect(server.args).toEqual(["-y", "@modelcontextprotocol/server-filesystem", "C:\\Users\\dev\\code", "D:/data"]);
  });

  it("treats a value made only of references as no inline secret", () => {
    const server = readMcpServer("x", { command: "c", env: { A: "${A}", B: "Bearer ${env:B}" }, headers: { H: "${input:h}" } }, source);
    expect(server.inlineValues).toEqual([{ path: "env.B", name: "B", value: "Bearer ${env:B}" }]);
    expect(server.references.map((reference) => reference.name)).toEqual(["A", "B", "h"]);
  });

  it("resolves envFile against the workspace folder and ~", () => {
    expect(readMcpServer("x", { command: "c", envFile: "${workspaceFolder}/.env.mcp" }, source).envFiles).toEqual(["/home/u/p/.env.mcp"]);
    expect(readMcpServer("x", { command: "c", envFile: "~/.secrets/env" }, source).envFiles).toEqual(["/home/u/.secrets/env"]);
  });

  it("reads Continue's list form and ignores entries that are not objects", () => {
    const servers = readMcpServerMap([{ name: "a", command: "a" }, "junk", { command: "b" }], source);
    expect(servers.map((server) => server.name)).toEqual(["a", "server-2"]);
  });

  it("marks a disabled server", () => {
    expect(readMcpServer("x", { command: "c", disabled: true }, source).disabled).toBe(true);
    expect(readMcpServer("x", { command: "c", enabled: false }, source).disabled).toBe(true);
  });
});
