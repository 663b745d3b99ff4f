/**
 * How long a pushed batch holds the server's event loop while it is read (F2): one push of a million tiny
 * nodes (~44 MB, the penetration test's), parsed and refused over the push limit by lib/api/batch-json.ts,
 * and parsed in full, against JSON.parse of the same bytes in the same run. Reports total milliseconds and
 * the longest pause a 5 ms timer saw. `npx tsx bench/push-parse.ts [nodes]`.
 */
import { pathToFileURL } from "node:url";
import { DEFAULT_MAX_JSON_DEPTH, parseBatchJson } from "@/lib/api/batch-json";

async function measure(work: () => Promise<unknown> | unknown): Promise<{ ms: number; longestPauseMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 5);
    last = now;
  }, 5);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 10)); // let the timer see the end of a blocking call
  clearInterval(timer);
  return { ms: Math.round(ms), longestPauseMs: Math.round(Math.max(longest, 0)) };
}

export async function runPushParseBench(nodes = 1_000_000): Promise<Record<string, unknown>> {
  const parts: string[] = [];
  for (let i = 0; i < nodes; i++) parts.push(`{"kind":"agent","key":"a${i}","name":"a${i}"}`);
  const body = Buffer.from(`{"collector":"workspace","nodes":[${parts.join(",")}],"edges":[]}`);
  parts.length = 0;
  const limits = { records: { nodes: 500_000, edges: 2_000_000 }, maxDepth: DEFAULT_MAX_JSON_DEPTH };
  const refused = await measure(() => parseBatchJson(body, limits).catch(() => undefined));
  const sliced = await measure(() => parseBatchJson(body, { records: {}, maxDepth: DEFAULT_MAX_JSON_DEPTH }));
  const whole = await measure(() => JSON.parse(body.toString("utf8")));
  return { nodes, bytes: body.length, refusedOverLimit: refused, parsedInSlices: sliced, jsonParseBaseline: whole };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runPushParseBench(Number(process.argv[2] ?? 1_000_000)), null, 2));
}
