/**
 * The `blastmap` command line: one module per command under ./commands, dispatched here. Each command is
 * imported when it runs, so a command loads only what it needs (the bundle makes each one a chunk): the
 * guard's hook starts before every tool call an agent makes and must not load database drivers.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { asksForHelp, commandUsage } from "@/lib/cli/command-usage";
import { processIo, type CliIo } from "@/lib/cli/output";
import { USAGE } from "@/lib/cli/usage";
import { AppError, describeError, isAppError } from "@/lib/errors";

export type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  collect: async () => (await import("@/lib/cli/commands/collect")).collectCommand,
  ingest: async () => (await import("@/lib/cli/commands/ingest")).ingestCommand,
  push: async () => (await import("@/lib/cli/commands/push")).pushCommand,
  analyze: async () => (await import("@/lib/cli/commands/analyze")).analyzeCommand,
  agents: async () => (await import("@/lib/cli/commands/agents")).agentsCommand,
  reach: async () => (await import("@/lib/cli/commands/reach")).reachCommand,
  findings: async () => (await import("@/lib/cli/commands/findings")).findingsCommand,
  destroyers: async () => (await import("@/lib/cli/commands/destroyers")).destroyersCommand,
  guard: async () => (await import("@/lib/cli/commands/guard")).guardCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.err(`blastmap: unknown command "${name}". Run blastmap --help.`);
    return 2;
  }
  const usage = asksForHelp(rest) ? commandUsage(name, rest) : undefined;
  if (usage) {
    io.out(usage);
    return 0;
  }
  try {
    const command = await load();
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
