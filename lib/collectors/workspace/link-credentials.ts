/**
 * Finds the credentials each agent and MCP server is configured with: inline values in their configs
 * (scanned one by one, so the scanner sees the variable name), references such as `${VAR}` resolved against
 * the `.env` files in scope, and everything else in the config files. Plain values are scanned and dropped
 * here; only FoundCredentials (fingerprint + redacted preview) come out.
 */
import path from "node:path";
import { scanText } from "@/lib/credentials/scan-text";
import { toUnknownCredential } from "@/lib/credentials/fold-detections";
import type { CredentialLocation, FoundCredential } from "@/lib/credentials/types";
import { lineOfText, readMcpServerMap, serverMapOf } from "./mcp-server";
import { parseDotenv, type ConfigLoader } from "./read";
import { isPlaceholder, isSecretName, secretUnderName } from "./secret-positions";
import type { AgentSpec, InlineValue, McpServerSpec, SecretReference } from "./types";

/** How a server or agent gets a credential. */
export interface CredentialLink {
  fingerprint: string;
  /** The config path of an inline value, or the reference (`${VAR}`, `env_vars`, …). */
  via: string;
  /** For a reference: the `.env` file it was resolved against. */
  resolvedFrom?: string;
  /** True when the file was not named by the config but is the one the project keeps its variables in. */
  inferred?: boolean;
}

/** A secret named by a config that no file in scope holds: the agent gets it when it runs. */
export interface RuntimeSecret {
  name: string;
  via: SecretReference["via"];
  path: string;
  /** Set when a `.env` file does define it but the value is not a recognised credential. */
  definedIn?: string;
}

export interface ServerCredentials {
  links: CredentialLink[];
  runtimeSecrets: RuntimeSecret[];
  /** Config paths (`args[3]`, `url`) whose value turned out to be a credential: masked on the node. */
  secretPaths: string[];
}

export interface AgentCredentials {
  servers: ServerCredentials[];
  /** Credentials in the agent's config files outside any MCP server (a model API key, say). */
  links: CredentialLink[];
  runtimeSecrets: RuntimeSecret[];
}

export interface LinkResult {
  agents: AgentCredentials[];
  credentials: FoundCredential[];
}

const EXAMPLE_ENV = /\.(example|sample|template|dist)$/i;

export async function linkCredentials(agents: AgentSpec[], loader: ConfigLoader, fingerprintKey: Buffer, strayConfigs: string[] = []): Promise<LinkResult> {
  const found: FoundCredential[] = [];
  const fileScans = new Map<string, Promise<FoundCredential[]>>();
  const envFiles = new Map<string, Promise<{ file: string; vars: ReturnType<typeof parseDotenv> } | undefined>>();

  const scanWholeFile = (file: string) => {
    let pending = fileScans.get(file);
    if (!pending) {
      pending = readText(file).then((text) => (text === undefined ? [] : scanText(text, file, fingerprintKey)));
      fileScans.set(file, pending);
    }
    return pending;
  };
  const readEnvFile = (file: string) => {
    let pending = envFiles.get(file);
    if (!pending) {
      pending = readText(file).then((text) => (text === undefined ? undefined : { file, vars: parseDotenv(text) }));
      envFiles.set(file, pending);
    }
    return pending;
  };

  const texts = new Map<string, Promise<string | undefined>>();
  const readText = (file: string) => {
    let pending = texts.get(file);
    if (!pending) {
      pending = loader.readText(file);
      texts.set(file, pending);
    }
    return pending;
  };

  /**
   * One inline value: the detectors first (they name the provider); a value in a secret position that no
   * detector knows is still a credential, of provider "unknown".
   */
  async function scanInline(value: InlineValue, file: string, fallbackLine: number): Promise<FoundCredential[]> {
    const text = value.name && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value.name) ? `${value.name}=${value.value}` : value.value;
    const fileText = (await readText(file)) ?? "";
    const line = lineOfText(fileText, value.value) ?? fallbackLine;
    const location: CredentialLocation = { file, line, ...(value.name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value.name) ? { envVar: value.name } : {}) };
    let credentials = await scanText(text, file, fingerprintKey);
    // A connection URL's password is the connection-string credential the detectors make of the whole URL.
    if (credentials.length === 0 && value.within) credentials = await scanText(value.within, file, fingerprintKey);
    if (credentials.length === 0 && value.secret) return [toUnknownCredential(value.value, location, fingerprintKey, value.name)];
    // The scanner saw a one-line text; the location is where the value sits in the real file.
    return credentials.map((credential) => ({ ...credential, locations: [location] }));
  }

  async function projectEnvFiles(root: string | undefined): Promise<string[]> {
    if (!root) return [];
    const names = (await loader.list(root)).filter((name) => /^\.env(\..+)?$/.test(name) && !EXAMPLE_ENV.test(name));
    // `.env` first, then the more specific ones, as dotenv loaders do.
    return names.sort((a, b) => a.length - b.length || a.localeCompare(b)).map((name) => path.join(root, name));
  }

  async function resolveReference(
    reference: SecretReference,
    candidates: { file: string; inferred: boolean }[],
  ): Promise<{ links: CredentialLink[]; runtime?: RuntimeSecret }> {
    if (reference.via !== "env") return { links: [], runtime: { ...reference } };
    for (const candidate of candidates) {
      const env = await readEnvFile(candidate.file);
      const variable = env?.vars.find((item) => item.name === reference.name);
      if (!variable || !variable.value) continue;
      let credentials = await scanText(`${variable.name}=${variable.value}`, candidate.file, fingerprintKey);
      // A variable handed over in a secret position (or named like one) is a credential whatever its shape.
      const secretPosition = isSecretName(reference.name) || isSecretName(reference.path.split(/[.?]/).pop() ?? "");
      if (credentials.length === 0 && secretPosition && !isPlaceholder(variable.value)) {
        credentials = [toUnknownCredential(variable.value, { file: candidate.file, line: variable.line, envVar: variable.name }, fingerprintKey, variable.name)];
      }
      if (credentials.length === 0) return { links: [], runtime: { ...reference, definedIn: candidate.file } };
      for (const credential of credentials) {
        found.push({ ...credential, locations: [{ file: candidate.file, line: variable.line, envVar: variable.name }] });
      }
      return {
        links: credentials.map((credential) => ({
          fingerprint: credential.fingerprint,
          via: `${reference.path} → \${${reference.name}}`,
          resolvedFrom: candidate.file,
          ...(candidate.inferred ? { inferred: true } : {}),
        })),
      };
    }
    return { links: [], runtime: { ...reference } };
  }

  async function linkServer(server: McpServerSpec, rootEnvFiles: string[]): Promise<ServerCredentials> {
    const result: ServerCredentials = { links: [], runtimeSecrets: [], secretPaths: [] };
    for (const value of server.inlineValues) {
      const credentials = await scanInline(value, server.file, server.line);
      if (credentials.length > 0) result.secretPaths.push(value.path);
      for (const credential of credentials) {
        found.push(credential);
        result.links.push({ fingerprint: credential.fingerprint, via: value.path });
      }
    }
    const candidates = [
      ...server.envFiles.map((file) => ({ file, inferred: false })),
      ...rootEnvFiles.map((file) => ({ file, inferred: true })),
    ];
    // An envFile is loaded whole into the server's environment: everything in it is the server's.
    for (const envFile of server.envFiles) {
      for (const credential of await scanEnvFile(envFile)) {
        found.push(credential);
        result.links.push({ fingerprint: credential.fingerprint, via: "envFile", resolvedFrom: envFile });
      }
    }
    for (const reference of server.references) {
      const resolved = await resolveReference(reference, candidates);
      result.links.push(...resolved.links);
      if (resolved.runtime) result.runtimeSecrets.push(resolved.runtime);
    }
    result.links = uniqueLinks(result.links);
    return result;
  }

  /** An env file loaded whole: known shapes anywhere, and every value under a secret-like name. */
  async function scanEnvFile(file: string): Promise<FoundCredential[]> {
    const known = await scanWholeFile(file);
    const env = await readEnvFile(file);
    const knownLines = new Set(known.flatMap((credential) => credential.locations.map((location) => location.line)));
    const unknown = (env?.vars ?? []).flatMap((variable) =>
      knownLines.has(variable.line)
        ? []
        : secretUnderName(variable.name, variable.value, variable.name).map((value) =>
            toUnknownCredential(value.value, { file, line: variable.line, envVar: variable.name }, fingerprintKey, variable.name),
          ),
    );
    return [...known, ...unknown];
  }

  const results: AgentCredentials[] = [];
  for (const agent of agents) {
    const rootEnvFiles = await projectEnvFiles(agent.workspaceRoot);
    const servers: ServerCredentials[] = [];
    for (const server of agent.mcpServers) servers.push(await linkServer(server, rootEnvFiles));
    const serverFingerprints = new Set(servers.flatMap((server) => server.links.map((link) => link.fingerprint)));
    for (const foreign of agent.foreignServers ?? []) {
      for (const value of foreign.inlineValues) {
        for (const credential of await scanInline(value, foreign.file, foreign.line)) serverFingerprints.add(credential.fingerprint);
      }
    }
    const links: CredentialLink[] = [];
    for (const file of agent.configFiles) {
      for (const credential of await scanWholeFile(file)) {
        found.push(credential);
        if (!serverFingerprints.has(credential.fingerprint)) links.push({ fingerprint: credential.fingerprint, via: path.basename(file) });
      }
    }
    // Values written in the agent's own settings (Claude Code's `env` block, say) are handed to the agent.
    for (const { file, values } of agent.inlineValues) {
      for (const value of values) {
        for (const credential of await scanInline(value, file, 1)) {
          found.push(credential);
          links.push({ fingerprint: credential.fingerprint, via: value.path });
        }
      }
    }
    const runtimeSecrets: RuntimeSecret[] = agent.references.map((reference) => ({ ...reference }));
    results.push({ servers, links: uniqueLinks(links), runtimeSecrets });
  }
  // Config files no agent reads: their servers' secrets are credentials held in the file, linked to no agent.
  for (const file of strayConfigs) {
    const config = await loader.load(file, "jsonc");
    if (!config) continue;
    const servers = readMcpServerMap(serverMapOf(config, [["mcpServers"], ["servers"], ["mcp_servers"]], () => {}), config);
    for (const server of servers) for (const value of server.inlineValues) found.push(...(await scanInline(value, file, server.line)));
  }
  return { agents: results, credentials: mergeCredentials(found) };
}

function uniqueLinks(links: CredentialLink[]): CredentialLink[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = `${link.fingerprint}\u0000${link.via}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One credential per fingerprint, with every place it was seen. */
export function mergeCredentials(credentials: FoundCredential[]): FoundCredential[] {
  const byFingerprint = new Map<string, FoundCredential>();
  for (const credential of credentials) {
    const seen = byFingerprint.get(credential.fingerprint);
    if (!seen) {
      byFingerprint.set(credential.fingerprint, { ...credential, locations: [...credential.locations] });
      continue;
    }
    for (const location of credential.locations) {
      const same = seen.locations.find((item) => item.file === location.file && item.line === location.line);
      if (!same) seen.locations.push(location);
      else if (!same.envVar && location.envVar) same.envVar = location.envVar;
    }
    if (credential.identity) seen.identity = { ...credential.identity, ...seen.identity };
    seen.purpose ??= credential.purpose;
  }
  return [...byFingerprint.values()];
}
