/**
 * The credentials a provider's CLI picks up without being handed one on the command line: its
 * environment variables and its login file. The hook sees the agent's environment, so these are the
 * values the call would really authenticate with.
 */
import path from "node:path";
import type { ShellCommand, VarValue } from "@/lib/guard/shell/walk-shell";
import type { CredentialUse } from "@/lib/guard/types";

interface ProviderLogin {
  vars: string[];
  /** Login files under the home directory. */
  files: string[];
}

export const PROVIDER_LOGINS: Record<string, ProviderLogin> = {
  railway: { vars: ["RAILWAY_API_TOKEN", "RAILWAY_TOKEN"], files: [".railway/config.json"] },
  github: { vars: ["GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN"], files: [".config/gh/hosts.yml"] },
  kubernetes: { vars: [], files: [".kube/config"] },
  aws: { vars: ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"], files: [".aws/credentials"] },
  postgres: { vars: ["PGPASSWORD"], files: [".pgpass"] },
  neon: { vars: ["NEON_API_KEY"], files: [".config/neonctl/credentials.json"] },
  supabase: { vars: ["SUPABASE_ACCESS_TOKEN", "SUPABASE_SERVICE_ROLE_KEY"], files: [".supabase/access-token"] },
  vercel: { vars: ["VERCEL_TOKEN"], files: [] },
  fly: { vars: ["FLY_API_TOKEN", "FLY_ACCESS_TOKEN"], files: [".fly/config.yml"] },
  cloudflare: { vars: ["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN", "CLOUDFLARE_API_KEY", "CF_API_KEY"], files: [] },
  stripe: { vars: ["STRIPE_API_KEY", "STRIPE_SECRET_KEY"], files: [] },
  gcloud: { vars: ["GOOGLE_APPLICATION_CREDENTIALS"], files: [] },
};

function varOf(cmd: ShellCommand, name: string): VarValue | undefined {
  return cmd.env.get(name) ?? cmd.vars.get(name);
}

/** The login of `provider` as this command would find it. `kubeconfig` overrides the kube file. */
export function implicitCredentials(provider: string, cmd: ShellCommand, options: { kubeconfig?: string } = {}): CredentialUse[] {
  const login = PROVIDER_LOGINS[provider];
  if (!login) return [];
  const uses: CredentialUse[] = [];
  for (const name of login.vars) {
    const v = varOf(cmd, name);
    if (v?.value) uses.push({ value: v.value, source: v.source, provider, implicit: !v.source.file });
  }
  const home = cmd.vars.get("HOME")?.value;
  if (provider === "kubernetes") {
    const file = options.kubeconfig ?? varOf(cmd, "KUBECONFIG")?.value?.split(":")[0] ?? (home ? path.join(home, ".kube/config") : undefined);
    if (file) uses.push({ value: undefined, source: { how: options.kubeconfig ? "--kubeconfig" : "the default kubeconfig context", file: path.resolve(cmd.cwd, file) }, provider, implicit: !options.kubeconfig });
    return uses;
  }
  // A variable wins over the login file, as the CLIs read them.
  if (uses.length === 0 && home) {
    for (const f of login.files) uses.push({ value: undefined, source: { how: `the ${provider} CLI login (~/${f})`, file: path.join(home, f) }, provider, implicit: true });
  }
  return uses;
}

/** Every provider login variable set in the command's environment: the credentials in reach of unknown code. */
export function credentialsInEnvironment(cmd: Pick<ShellCommand, "env" | "vars">): CredentialUse[] {
  const uses: CredentialUse[] = [];
  for (const [provider, login] of Object.entries(PROVIDER_LOGINS)) {
    for (const name of login.vars) {
      const v = cmd.env.get(name) ?? cmd.vars.get(name);
      if (v?.value) uses.push({ value: v.value, source: v.source, provider });
    }
  }
  for (const name of ["DATABASE_URL", "POSTGRES_URL", "PGPASSWORD"]) {
    const v = cmd.env.get(name) ?? cmd.vars.get(name);
    if (v?.value) uses.push({ value: v.value, source: v.source, provider: "postgres", scanText: `${name}=${v.value}` });
  }
  return uses;
}
