/**
 * The aws-iam collector on the iam-vulnerable export (44 users, 78 roles, 84 policies): whole-account
 * analysis time, cold (first run in the process, action catalogue included) and warm, next to the cost of
 * just parsing the export in the same run (the floor any analysis pays).
 */
import path from "node:path";
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { awsIamCollector } from "@/lib/collectors/aws-iam";
import { silentContext } from "@/lib/collectors/types";

const FIXTURE = path.join(import.meta.dirname, "..", "lib", "collectors", "aws-iam", "fixtures", "public", "iam-vulnerable-authorization-details.json");

export async function runAwsIamBench(): Promise<Record<string, unknown>> {
  const ctx = silentContext(Buffer.alloc(32, 1));
  const time = async (work: () => Promise<unknown> | unknown) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const coldMs = await time(() => awsIamCollector.collect({ file: FIXTURE }, ctx));
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push(await time(() => awsIamCollector.collect({ file: FIXTURE }, ctx)));
  const parseMs = await time(() => JSON.parse(fs.readFileSync(FIXTURE, "utf8")));
  const batch = await awsIamCollector.collect({ file: FIXTURE }, ctx);
  warm.sort((a, b) => a - b);
  return {
    fixture: "iam-vulnerable-authorization-details.json",
    nodes: batch.nodes.length,
    edges: batch.edges.length,
    coldMs: Math.round(coldMs),
    warmMedianMs: Math.round(warm[2]),
    parseOnlyMs: Math.round(parseMs * 10) / 10,
    warmOverParse: Math.round(warm[2] / parseMs),
    targetMs: 2000,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runAwsIamBench(), null, 2));
}
