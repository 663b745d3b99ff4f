/**
 * npm and container registries. WHY: a publish token can ship a new version of every package it can see
 * to everyone who installs it (irreversible in practice, D5) or unpublish one (D1); a registry login can
 * overwrite or delete images.
 */
import type { ProviderCatalogEntry } from "@/lib/catalog/providers/types";

export const npmCatalog: ProviderCatalogEntry = (cred, graph) => {
  const identity = graph.tokenOwner("npm", "npm user of this token");
  const packages = graph.visible("npm", "package", "every npm package this token can publish");
  graph.can(identity, packages, [{ action: "publish", class: "D5" }, { action: "unpublish", class: "D1" }]);
};

export const dockerCatalog: ProviderCatalogEntry = (cred, graph) => {
  const identity = graph.tokenOwner("docker", "registry user of this login");
  const images = graph.visible("docker", "repository", "every image repository this login can push to");
  graph.can(identity, images, [{ action: "imageDelete", class: "D1" }, { action: "imagePush", class: "W" }]);
};
