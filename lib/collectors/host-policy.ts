/**
 * Which hosts a sweep the server runs may connect to (F9, F15): a Postgres source's server, a Kubernetes
 * API server. By default any host but the link-local range and cloud metadata names, which answer with
 * the server's own cloud credentials; BLASTMAP_ALLOWED_HOSTS narrows it to a list ("db.internal",
 * "*.corp.example", "10.0.0.5:5432"). Names are compared as written; a name that resolves to a refused
 * address is not caught (use the allow-list for that).
 */
export interface HostPolicy {
  allows(host: string, port?: string): boolean;
  describe(): string;
}

const ALWAYS_REFUSED = [/^169\.254\./, /^\[?fe[89ab][0-9a-f]:/i, /^\[?fd00:ec2::254\]?$/i, /^metadata(\.google\.internal)?\.?$/i, /^instance-data(\.ec2\.internal)?\.?$/i];

export function createHostPolicy(allowed?: string[]): HostPolicy {
  const rules = allowed?.map((entry) => {
    const [, host, port] = /^(.*?)(?::(\d+))?$/.exec(entry.trim().toLowerCase())!;
    return { host, port };
  });
  return {
    allows(rawHost, port) {
      const host = rawHost.toLowerCase().replace(/^\[|\]$/g, "");
      if (ALWAYS_REFUSED.some((pattern) => pattern.test(host))) return false;
      if (!rules) return true;
      return rules.some((rule) => (rule.port === undefined || rule.port === port) && (rule.host.startsWith("*.") ? host.endsWith(rule.host.slice(1)) : host === rule.host));
    },
    describe() {
      return rules ? `the hosts in BLASTMAP_ALLOWED_HOSTS` : "any host but link-local and cloud metadata addresses";
    },
  };
}
