/**
 * GitHub. WHY: a classic token's scopes (`repo`, `delete_repo`, `admin:org`) and a fine-grained token's
 * repository permissions cannot be read offline, so both are scored at the worst case of their kind:
 * delete repositories, force-push default branches, add collaborators. A `gh auth login` OAuth token gets
 * `repo`, `read:org`, `gist` and `workflow` by default, never `delete_repo`, so it cannot delete a repository.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const githubCatalog: ProviderCatalogEntry = (cred, graph) => {
  const identity = graph.tokenOwner("github", `GitHub ${cred.kind} owner`);
  const repos = graph.visible("github", "repository", "every GitHub repository this token can see");
  const orgs = graph.visible("github", "organization", "every GitHub organization this token can see");
  graph.contains(orgs, repos);
  const write = [
    { action: "forcePushDefaultBranch", class: "D5" },
    { action: "contentsWrite", class: "W" },
    { action: "actionsSecretWrite", class: "W" },
  ] as const;
  switch (cred.kind) {
    case "oauth-token":
      graph.can(identity, repos, write, "gh CLI default scopes: repo, read:org, gist, workflow (no delete_repo)");
      return;
    case "fine-grained-token":
    case "installation-token":
    case "user-to-server-token":
      graph.can(identity, repos, [{ action: "repoDelete", class: "D1" }, ...write, { action: "collaboratorAdd", class: "D4" }], "repository permissions unknown offline: worst case (administration: write)");
      return;
    default:
      // classic-token (or unknown): delete_repo + admin:org is the worst case.
      graph.can(identity, repos, [{ action: "repoDelete", class: "D1" }, ...write, { action: "deployKeyCreate", class: "D4" }], "scopes unknown offline: worst case includes delete_repo");
      graph.can(identity, orgs, [{ action: "orgMemberAdd", class: "D4" }], "scopes unknown offline: worst case includes admin:org");
  }
};
