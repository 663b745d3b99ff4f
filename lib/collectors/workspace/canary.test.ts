/**
 * Canary: a unique secret in every secret position of configs written the messy way, through the collector
 * and the CLI. Each one becomes a credential (its keyed fingerprint is in the batch), and none comes out in
 * plain text: not in the batch, not on the CLI's stdout or stderr.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "@/lib/cli/main";
import { silentContext } from "@/lib/collectors/types";
import { fingerprintSecret } from "@/lib/credentials/fingerprint";
import type { GraphBatch } from "@/lib/graph/types";
import { workspaceCollector } from "./index";
import { canaryNeedles, findCanaries } from "@/lib/credentials/testing/canary-needles";
import { plantCanaryEstate } from "./testing/canary-estate";

const KEY = Buffer.from("canary-fingerprint-key-0123456789abcdef");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-canary-unit-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const estate = plantCanaryEstate(work);

const needles = canaryNeedles(estate.canaries);
const leaks = (text: string) => findCanaries(text, needles);

describe("canary secrets in every secret position", async () => {
  const batch: GraphBatch = await workspaceCollector.collect({ roots: [estate.root], home: estate.home, machine: "canary" }, silentContext(KEY));

  it("each becomes a credential, and nothing else does", () => {
    const credentials = batch.nodes.filter((node) => node.kind === "credential");
    const fingerprints = new Set(credentials.map((node) => node.props?.fingerprint));
    const missing = Object.entries(estate.canaries)
      .filter(([, secret]) => !fingerprints.has(fingerprintSecret(KEY, secret)))
      .map(([name]) => name);
    expect(missing, "planted positions that did not become a credential").toEqual([]);
    expect(credentials).toHaveLength(Object.keys(estate.canaries).length);
  });

  it("none is in the batch", () => {
    expect(leaks(JSON.stringify(batch))).toEqual([]);
  });

  it("none is on the CLI's stdout or stderr", async () => {
    process.env.BLASTMAP_FINGERPRINT_KEY = KEY.toString("utf8");
    process.env.BLASTMAP_AUTH_SECRET = "canary-auth-secret-0123456789abcdefghijkl";
    process.env.BLASTMAP_DATA_DIR = path.join(work, "data");
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => void out.push(text), err: (line: string) => void err.push(line) };
    const code = await main(["collect", "workspace", "--root", estate.root, "--home", estate.home, "--machine", "canary"], io);
    expect(code, err.join("\n")).toBe(0);
    expect(JSON.parse(out.join("")).nodes.length).toBeGreaterThan(10);
    expect(err.join("\n")).toMatch(/found 2 projects under/);
    expect(leaks(out.join(""))).toEqual([]);
    expect(leaks(err.join("\n"))).toEqual([]);
  });
});
