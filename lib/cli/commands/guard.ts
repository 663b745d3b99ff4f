/**
 * `blastmap guard …`: the runtime guard. Each subcommand is imported when it runs: `guard hook` starts
 * before every tool call an agent makes, so it must not load what sync (the database) or install needs.
 */
import type { Command } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";

const SUBCOMMANDS: Record<string, () => Promise<Command>> = {
  hook: async () => (await import("@/lib/cli/commands/guard-hook")).guardHookCommand,
  daemon: async () => (await import("@/lib/cli/commands/guard-hook")).guardDaemonCommand,
  sync: async () => (await import("@/lib/cli/commands/guard-sync")).guardSyncCommand,
  install: async () => (await import("@/lib/cli/commands/guard-install")).guardInstallCommand,
  uninstall: async () => (await import("@/lib/cli/commands/guard-install")).guardUninstallCommand,
  "managed-settings": async () => (await import("@/lib/cli/commands/guard-install")).guardManagedSettingsCommand,
};

export async function guardCommand(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  const load = name && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!load) {
    io.err(`blastmap guard: ${name ? `unknown subcommand "${name}"` : "name a subcommand"} (hook, sync, install, uninstall, managed-settings). Run blastmap --help.`);
    return 2;
  }
  return (await load())(rest, io);
}
