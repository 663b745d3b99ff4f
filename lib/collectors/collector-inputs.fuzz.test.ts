/**
 * Fuzz: the files the aws-iam, kubernetes and inventory collectors read (exports, manifests, inventories).
 * Any text or JSON gives data, warnings, or one AppError naming the file and place; no crash, no secret
 * quoted back.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, it } from "vitest";
import { parseAccessKeys } from "@/lib/collectors/aws-iam/access-keys";
import { parseAuthorizationDetails } from "@/lib/collectors/aws-iam/export-schema";
import { parseJsonText } from "@/lib/collectors/aws-iam/read";
import { parseInventoryText, validateInventory } from "@/lib/collectors/inventory/read";
import { parseManifestText } from "@/lib/collectors/kubernetes/read";
import { expectClearOutcome, expectCleanWarnings, FUZZ_CANARY, fuzzJson, fuzzOptions, fuzzText } from "@/lib/testing/fuzz";

const fixture = (...parts: string[]) => fs.readFileSync(path.join("lib/collectors", ...parts), "utf8");
// Whole fixtures are long; mutations of a few kilobytes find the same parser paths faster.
const head = (text: string) => text.slice(0, 4_000);

const AWS_SAMPLES = [head(fixture("aws-iam/fixtures/small-account.json")), fixture("aws-iam/fixtures/access-keys.json")];
const K8S_SAMPLES = [
  head(fixture("kubernetes/fixtures/rbac/prod-roles.yaml")),
  fixture("kubernetes/fixtures/rbac/service-accounts.json"),
  `apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: prod }\nstringData:\n  password: ${FUZZ_CANARY}\n`,
];
const INVENTORY_SAMPLES = [head(fixture("inventory/fixtures/railway.inventory.json"))];

describe("collector input files, fuzzed", () => {
  it("aws-iam: any export text parses or fails with a clear error", () => {
    fc.assert(
      fc.property(fuzzText(AWS_SAMPLES), (text) => {
        const raw = expectClearOutcome(() => parseJsonText(text, "export.json"));
        if (raw === undefined) return;
        expectClearOutcome(() => parseAuthorizationDetails(raw, "export.json"));
        expectClearOutcome(() => parseAccessKeys(raw, "access-keys.json"));
      }),
      fuzzOptions,
    );
  });

  it("aws-iam: any JSON value is an export or a clear error", () => {
    fc.assert(
      fc.property(fuzzJson, (raw) => {
        expectClearOutcome(() => parseAuthorizationDetails(raw, "export.json"));
        expectClearOutcome(() => parseAccessKeys(raw, "access-keys.json"));
      }),
      fuzzOptions,
    );
  });

  it("kubernetes: any manifest text gives objects and clean warnings, never an exception", () => {
    fc.assert(
      fc.property(fuzzText(K8S_SAMPLES), (text) => {
        const { warnings } = parseManifestText(text, "manifest.yaml");
        expectCleanWarnings(warnings);
      }),
      fuzzOptions,
    );
  });

  it("inventory: any text or JSON value is an inventory or a clear error", () => {
    fc.assert(
      fc.property(fuzzText(INVENTORY_SAMPLES), (text) => void expectClearOutcome(() => parseInventoryText(text, "inventory.json"))),
      fuzzOptions,
    );
    fc.assert(
      fc.property(fuzzJson, (raw) => void expectClearOutcome(() => validateInventory(raw, "inventory.json"))),
      fuzzOptions,
    );
  });
});
