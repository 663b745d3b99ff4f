import fs from "node:fs";
import { terminalText } from "@/lib/cli/terminal-text";
import { COLLECT_FLAG_SPEC, configFromFlags } from "@/lib/cli/collector-config";
import { parseFlags } from "@/lib/cli/main";
import { PUSH_FLAG_SPEC, pushBatchText, pushTargetFromFlags } from "@/lib/cli/commands/push";
import { progressPrinter, type CliIo } from "@/lib/cli/output";
import { COLLECTOR_NAMES, isCollectorName, loadCollector } from "@/lib/collectors/registry";
import { AppError } from "@/lib/errors";
import { formatIssuePath, issueMessage } from "@/lib/issue-text";
import { getServerSecrets } from "@/lib/server-secrets";

/** blastmap collect <collector> [options] [--out FILE] [--push --server URL --token TOKEN --source NAME_OR_ID] */
export async function collectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...COLLECT_FLAG_SPEC, ...PUSH_FLAG_SPEC, out: { type: "string" }, push: { type: "boolean" } }, true);
  const [name] = positionals;
  if (!name || !isCollectorName(name)) {
    throw new AppError("bad_request:usage", `name a collector: ${COLLECTOR_NAMES.join(", ")}`);
  }
  // Checked before collecting, so a missing flag does not cost a long scan.
  const pushTarget = values.push ? pushTargetFromFlags(values) : undefined;
  const collector = await loadCollector(name);
  const parsed = collector.configSchema.safeParse(configFromFlags(name, values));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("bad_request:config", `bad ${name} options: ${formatIssuePath(issue.path) || "config"}: ${issueMessage(issue)}`);
  }

  const batch = await collector.collect(parsed.data, { progress: progressPrinter(io), fingerprintKey: getServerSecrets().fingerprintKey });
  for (const warning of batch.warnings ?? []) {
    const file = warning.location?.file;
    // Some collectors already name the file in the message; say it once.
    const where = file && !warning.message.includes(file) ? ` (${file}${warning.location?.line ? `:${warning.location.line}` : ""})` : "";
    io.err(terminalText(`warning: ${warning.message}${where}`, 1_000));
  }
  if (pushTarget) {
    if (values.out) fs.writeFileSync(values.out, `${JSON.stringify(batch, null, 2)}\n`, { mode: 0o600 });
    await pushBatchText(JSON.stringify(batch), pushTarget, io);
    return 0;
  }
  const json = `${JSON.stringify(batch, null, 2)}\n`;
  if (values.out) {
    fs.writeFileSync(values.out, json, { mode: 0o600 });
    io.err(`wrote ${batch.nodes.length} nodes and ${batch.edges.length} edges to ${values.out}`);
  } else {
    io.out(json);
  }
  return 0;
}
