export const USAGE = `blastmap — what can your AI agents reach, and what could they destroy?

Usage:
  blastmap collect <collector> [options] [--out FILE]   run a collector here, write its batch as JSON
      workspace   --root DIR [--root DIR…] [--home DIR] [--machine NAME] [--skip-dir NAME…] [--max-depth N]
      aws-iam     --file AUTHZ.json [--access-keys KEYS.json]
      postgres    --url postgres://user@host:5432/db [--database NAME…]
      kubernetes  --manifests DIR --cluster https://api.example:6443 | [--kubeconfig FILE] [--context NAME]
      inventory   --file INVENTORY.json
      … --push --server URL --token TOKEN --source NAME_OR_ID   send the batch to a server as a sweep instead
  blastmap push FILE [--source NAME_OR_ID] --server URL --token TOKEN
                                                        send a batch file to a server (gzipped) as a sweep;
                                                        BLASTMAP_SERVER / BLASTMAP_TOKEN are the defaults
  blastmap ingest FILE… [--source NAME]                 validate and load batches (one sweep per source)
  blastmap analyze                                      recompute reach and findings
  blastmap agents [--json]                              every agent: D1 / D2 actions ((action, resource) pairs,
                                                        what dies with a destroyed resource included), resources at risk
  blastmap reach --agent NAME_OR_ID [--json]            what one agent can reach, with paths
  blastmap destroyers --resource ID [--limit N] [--json]
                                                        who can destroy a resource or copy: agents, credentials,
                                                        identities, ranked, with paths
  blastmap findings [--json | --format csv|sarif] [--severity LEVEL] [--rule ID] [--status STATUS]

Runtime guard (AGENT: claude-code, cursor, gemini, codex, copilot, windsurf):
  blastmap guard sync [--server URL --token TOKEN] [--out FILE]
                                                        write the guard snapshot (default ~/.blastmap/guard/,
                                                        BLASTMAP_GUARD_SNAPSHOT) from this database or a server
  blastmap guard install --agent AGENT [--scope project|user] [--root DIR]
                                                        put the guard's pre-call hook in the agent's config
  blastmap guard uninstall --agent AGENT [--scope project|user] [--root DIR]
  blastmap guard managed-settings --agent AGENT         the snippet to deploy organisation-wide
  blastmap guard hook --agent AGENT                     what the hook runs: hook JSON on stdin, answer on stdout
  blastmap guard daemon                                 the warm guard later hook calls ask (started by the first)

blastmap <command> --help shows one command's options.
The database is DATABASE_URL, or the embedded one in BLASTMAP_DATA_DIR (default ./.blastmap).
Exit codes: 0 success, 1 failure, 2 bad input or usage. Errors go to stderr, one line each.
`;
