/**
 * The workspace collector: which AI agents and CI bots run on a machine, what each can read, and which
 * credentials those folders and their configs hold. Read-only; a malformed config is a warning, never a
 * failed collection. The server never scans anything implicitly: roots (and home) come from the caller.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { scanTree } from "@/lib/credentials/scan-tree";
import type { ReadScope } from "@/lib/collectors/read-scope";
import type { Collector } from "@/lib/collectors/types";
import { AppError } from "@/lib/errors";
import type { CollectorWarning } from "@/lib/graph/types";
import { discoverAgents } from "./discover";
import { findProjects } from "./find-projects";
import { linkCredentials, mergeCredentials } from "./link-credentials";
import { isInside, mapWorkspace, type ReadGrant } from "./map";
import { applyPathAlias } from "./path-alias";
import { createConfigLoader } from "./read";
import { workspaceConfigSchema, type AgentSpec, type WorkspaceConfig } from "./types";

export { workspaceConfigSchema, type WorkspaceConfig };

/** Folders an agent can read, and why. */
export function readGrants(agent: AgentSpec, home: string | undefined): ReadGrant[] {
  const grants: ReadGrant[] = [];
  if (agent.workspaceRoot) grants.push({ dir: agent.workspaceRoot, reason: "workspace root" });
  for (const dir of agent.additionalDirectories) grants.push({ dir, reason: "additional directory" });
  for (const server of agent.mcpServers) {
    if (server.disabled) continue;
    for (const dir of server.exposedDirs) grants.push({ dir, reason: `MCP server ${server.name}` });
  }
  if (agent.readsHome && home) {
    grants.push({ dir: home, reason: agent.unrestrictedShell ? "unrestricted shell" : "shell (its sandbox confines writes, not reads)" });
  }
  const seen = new Set<string>();
  return grants.filter((grant) => !seen.has(grant.dir) && seen.add(grant.dir));
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Each folder once: a folder inside another one that is scanned anyway is dropped. A folder above the home
 * folder (or the file-system root) would mean scanning other users' files, so it is refused with a warning.
 */
async function foldersToScan(dirs: string[], home: string | undefined, warnings: CollectorWarning[], scope?: ReadScope): Promise<string[]> {
  const candidates: string[] = [];
  for (const dir of [...new Set(dirs)]) {
    if (scope && !scope.allows(dir)) {
      warnings.push({
        code: "workspace:outside_scope",
        message: `${dir}: an agent can read it, but this server reads only ${scope.describe()}; not scanned`,
        location: { path: dir },
      });
      continue;
    }
    const tooBroad = dir === path.parse(dir).root || (home !== undefined && dir !== home && isInside(home, dir));
    if (tooBroad) {
      warnings.push({
        code: "workspace:scan_refused",
        message: `${dir}: an agent can read it, but it holds more than one user's files; not scanned (pass it as a root to scan it)`,
        location: { path: dir },
      });
      continue;
    }
    if (await isDirectory(dir)) candidates.push(dir);
  }
  return candidates.filter((dir) => !candidates.some((other) => other !== dir && isInside(dir, other)));
}

export const workspaceCollector: Collector<WorkspaceConfig> = {
  name: "workspace",
  description: "AI agents and CI bots on a machine: their configs, MCP servers, permissions, what they can read and the credentials in it",
  configSchema: workspaceConfigSchema,
  async collect(rawConfig, ctx) {
    const config = workspaceConfigSchema.parse(rawConfig);
    const roots = config.roots.map((root) => path.resolve(root));
    const home = config.home ? path.resolve(config.home) : undefined;
    const machine = config.machine ?? os.hostname();

    for (const [field, dir] of [...roots.map((root) => ["roots", root] as const), ...(home ? [["home", home] as const] : [])]) {
      // The same words whether the folder exists or not: a refused path tells nothing about the server.
      if (ctx.scope && !ctx.scope.allows(dir)) throw new AppError("bad_request:config", `config.${field}: ${dir} is not a folder this server may read (only ${ctx.scope.describe()})`);
    }
    const warnings: CollectorWarning[] = [];
    for (const root of roots) {
      if (!(await isDirectory(root))) {
        warnings.push({ code: "workspace:root_missing", message: `${root}: not a folder; nothing found there`, location: { path: root } });
      }
    }

    ctx.progress({ phase: "finding projects" });
    const loader = createConfigLoader(ctx.scope);
    const walk = await findProjects(roots, loader, { home, skipDirs: config.skipDirs, maxDepth: config.maxDepth, maxEntries: config.maxEntries });
    warnings.push(...walk.warnings);
    const projects = [...walk.projects];
    for (const root of roots) {
      const under = walk.projects.filter((project) => isInside(project, root));
      ctx.progress({ phase: `found ${under.length} project${under.length === 1 ? "" : "s"} under ${root}` });
      // A root with no agent config anywhere below is still the one project the caller named (its agents may
      // be configured at the user level only), unless it holds the home folder: that is a sweep of many users.
      const holdsHome = home !== undefined && root !== home && isInside(home, root);
      if (under.length === 0 && !holdsHome) projects.push(root);
    }
    ctx.signal?.throwIfAborted();

    ctx.progress({ phase: "discovering agents" });
    const agents = await discoverAgents({ roots: projects, home, loader });
    const reads = agents.map((agent) => readGrants(agent, home));
    ctx.signal?.throwIfAborted();

    const scanDirs = await foldersToScan(
      reads.flatMap((grants) => grants.map((grant) => grant.dir)),
      home,
      warnings,
      ctx.scope,
    );
    ctx.progress({ phase: "scanning readable folders", done: 0, total: scanDirs.length });
    const tree = await scanTree(scanDirs, {
      fingerprintKey: ctx.fingerprintKey,
      skipDirs: config.skipDirs,
      maxFileBytes: config.maxFileBytes,
      signal: ctx.signal,
      onProgress: (update) => ctx.progress(update),
    });

    ctx.signal?.throwIfAborted();
    ctx.progress({ phase: "linking credentials to agents" });
    // Agent config files no agent of this machine reads (a committed claude_desktop_config.json) are still files
    // that the agents working in that folder can read: the secrets in them count.
    const agentConfigs = new Set(agents.flatMap((agent) => agent.configFiles));
    const strayConfigs = walk.strayConfigs.filter((file) => !agentConfigs.has(file) && scanDirs.some((dir) => isInside(file, dir)));
    const linked = await linkCredentials(agents, loader, ctx.fingerprintKey, strayConfigs);
    // Kinds first from the agent configs (the variable an MCP server reads says more about a token than a
    // script's), purpose first from the files (a comment in a script says what a token was made for).
    linked.credentials = mergeCredentials([...linked.credentials, ...tree.credentials]);
    const treePurpose = new Map(tree.credentials.map((credential) => [credential.fingerprint, credential.purpose]));
    for (const credential of linked.credentials) credential.purpose = treePurpose.get(credential.fingerprint) ?? credential.purpose;

    ctx.progress({ phase: "mapping", done: agents.length, total: agents.length });
    const batch = mapWorkspace({
      machine,
      roots: projects,
      home,
      agents,
      reads,
      linked,
      warnings: [...loader.warnings, ...warnings, ...tree.warnings],
    });
    return applyPathAlias(batch, config.pathAlias && { from: path.resolve(config.pathAlias.from), to: config.pathAlias.to });
  },
};
