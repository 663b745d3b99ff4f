import fs from "node:fs";
import { COLLECT_FLAG_SPEC, configFromFlags } from "@/lib/cli/collector-config";
import { parseFlags } from "@/lib/cli/main";
import { progressPrinter, type CliIo } from "@/lib/cli/output";
import { COLLECTOR_NAMES, isCollectorName, loadCollector } from "@/lib/collectors/registry";
import { AppError } from "@/lib/errors";
import { formatIssuePath } from "@/lib/graph/validate-batch";
import { getServerSecrets } from "@/lib/server-secrets";

/** blastmap collect <collector> [options] [--out FILE] */
export async function collectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...COLLECT_FLAG_SPEC, out: { type: "string" } }, true);
  const [name] = positionals;
  if (!name || !isCollectorName(name)) {
    throw new AppError("bad_request:usage", `name a collector: ${COLLECTOR_NAMES.join(", ")}`);
  }
  const collector = await loadCollector(name);
  const parsed = collector.configSchema.safeParse(configFromFlags(name, values));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("bad_request:config", `bad ${name} options: ${formatIssuePath(issue.path) || "config"}: ${issue.message}`);
  }

  const batch = await collector.collect(parsed.data, { progress: progressPrinter(io), fingerprintKey: getServerSecrets().fingerprintKey });
  for (const warning of batch.warnings ?? []) {
    const where = warning.location?.file ? ` (${warning.location.file}${warning.location.line ? `:${warning.location.line}` : ""})` : "";
    io.err(`warning: ${warning.message}${where}`);
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
