/**
 * blastmap guard install|uninstall --agent NAME [--scope project|user] [--root DIR], and
 * blastmap guard managed-settings --agent NAME: the guard's hook in an agent's own config, or the snippet
 * an organisation deploys centrally.
 */
import os from "node:os";
import path from "node:path";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { AppError } from "@/lib/errors";
import { blastmapBinPath, guardHookCommand } from "@/lib/guard/hook-command";
import { managedSettings, type InstallScope } from "@/lib/guard/install/agent-configs";
import { installGuard, uninstallGuard } from "@/lib/guard/install/install";
import { defaultSnapshotPath } from "@/lib/guard/snapshot-path";
import { GUARD_AGENTS, type GuardAgent } from "@/lib/guard/types";

const FLAGS = { agent: { type: "string" }, scope: { type: "string" }, root: { type: "string" } } as const;

function parseAgent(value: string | undefined): GuardAgent {
  if (!value || !(GUARD_AGENTS as readonly string[]).includes(value)) {
    throw new AppError("bad_request:usage", `--agent must be one of ${GUARD_AGENTS.join(", ")}`);
  }
  return value as GuardAgent;
}

function parseTarget(args: string[]): { agent: GuardAgent; scope: InstallScope; root: string } {
  const { values } = parseFlags(args, FLAGS);
  const agent = parseAgent(values.agent);
  const scope = values.scope ?? "project";
  if (scope !== "project" && scope !== "user") throw new AppError("bad_request:usage", "--scope must be project or user");
  // --root: the project folder (project scope) or the home folder (user scope).
  const root = path.resolve(values.root ?? (scope === "user" ? os.homedir() : process.cwd()));
  return { agent, scope, root };
}

/** The guard's own folder (beside the snapshot), where install records the folders it created. */
function guardStateDir(): string {
  return path.dirname(defaultSnapshotPath(process.env));
}

function hookCommand(agent: GuardAgent): string {
  return guardHookCommand(agent, { bin: blastmapBinPath(), node: process.execPath });
}

export async function guardInstallCommand(args: string[], io: CliIo): Promise<number> {
  const target = parseTarget(args);
  const outcome = await installGuard({ ...target, command: hookCommand(target.agent), stateDir: guardStateDir() });
  io.err(`${target.agent}: guard hook ${outcome.status === "unchanged" ? "already installed" : outcome.status === "created" ? "installed (new file)" : "installed"}`);
  if (target.agent === "codex") io.err("codex: Codex asks you to review and trust a new hook before it runs it.");
  io.err(`For every machine of an organisation instead: blastmap guard managed-settings --agent ${target.agent}`);
  io.out(`${outcome.file}\n`);
  return 0;
}

export async function guardUninstallCommand(args: string[], io: CliIo): Promise<number> {
  const target = parseTarget(args);
  const outcome = await uninstallGuard({ ...target, stateDir: guardStateDir() });
  io.err(
    outcome.removed === 0
      ? `${target.agent}: no guard hook in ${outcome.file}`
      : `${target.agent}: ${outcome.removed} guard hook entr${outcome.removed === 1 ? "y" : "ies"} removed${outcome.deleted ? " (the file held nothing else and was deleted)" : ""}${outcome.removedFolders.length > 0 ? `; empty folder${outcome.removedFolders.length === 1 ? "" : "s"} install had created removed: ${outcome.removedFolders.join(", ")}` : ""}`,
  );
  io.out(`${outcome.file}\n`);
  return 0;
}

export async function guardManagedSettingsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { agent: FLAGS.agent });
  const agent = parseAgent(values.agent);
  const settings = managedSettings(agent, hookCommand(agent));
  io.err(`Deploy to: ${settings.locations.join("; ")}`);
  io.err(settings.note);
  io.err("The command is this machine's blastmap path: install blastmap at the same path on every machine, or edit it.");
  io.out(settings.snippet);
  return 0;
}
