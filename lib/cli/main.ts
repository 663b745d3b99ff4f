/**
 * The `blastmap` command line: one module per command under ./commands, dispatched here.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { analyzeCommand } from "@/lib/cli/commands/analyze";
import { agentsCommand } from "@/lib/cli/commands/agents";
import { collectCommand } from "@/lib/cli/commands/collect";
import { destroyersCommand } from "@/lib/cli/commands/destroyers";
import { findingsCommand } from "@/lib/cli/commands/findings";
import { ingestCommand } from "@/lib/cli/commands/ingest";
import { pushCommand } from "@/lib/cli/commands/push";
import { reachCommand } from "@/lib/cli/commands/reach";
import { processIo, type CliIo } from "@/lib/cli/output";
import { USAGE } from "@/lib/cli/usage";
import { AppError, describeError, isAppError } from "@/lib/errors";

export type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  collect: collectCommand,
  ingest: ingestCommand,
  push: pushCommand,
  analyze: analyzeCommand,
  agents: agentsCommand,
  reach: reachCommand,
  destroyers: destroyersCommand,
  findings: findingsCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`blastmap: unknown command "${name}". Run blastmap --help.`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.err(`blastmap ${name}: ${describeError(error)}`);
    return isAppError(error) && error.status < 500 && error.status !== 401 ? 2 : 1;
  }
}

/** node:util parseArgs, with its errors turned into usage errors (exit 2). */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new AppError("bad_request:usage", `${(error as Error).message}. Run blastmap --help.`);
  }
}
