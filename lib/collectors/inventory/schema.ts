/**
 * The inventory format in zod. It mirrors inventory.schema.json (draft 2020-12) rule for rule, so that an
 * editor validating against the JSON Schema and the collector agree; schema.test.ts checks both on the same
 * valid and invalid samples. Cross-references (an id that must exist in another section) cannot be said in
 * JSON Schema and are checked after parsing, in `checkInventoryReferences`.
 */
import { z } from "zod";
import { ACTION_CLASSES } from "@/lib/graph/types";

const id = z.string().min(1);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const dateTime = z.string().regex(DATE_TIME, "must be an RFC 3339 date-time with seconds and a zone, e.g. 2026-01-31T12:00:00Z");
const props = z.record(z.string(), z.unknown());

export const inventoryIdentitySchema = z.strictObject({
  id,
  provider: z.string().min(1),
  type: z.string().min(1),
  name: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  memberOf: z.array(id).optional(),
  canAssume: z.array(id).optional(),
  props: props.optional(),
});

export const inventoryResourceSchema = z.strictObject({
  id,
  provider: z.string().min(1),
  type: z.string().min(1),
  name: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  parent: id.optional(),
  props: props.optional(),
});

export const inventoryRecoveryCopySchema = z.strictObject({
  id,
  provider: z.string().min(1),
  type: z.string().min(1),
  name: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  of: id,
  storedIn: id.optional(),
  props: props.optional(),
});

export const inventoryPermissionSchema = z.strictObject({
  identity: id,
  resource: id,
  actions: z.array(z.string().min(1)).min(1),
  class: z.enum(ACTION_CLASSES),
  conditional: z.boolean().optional(),
  note: z.string().optional(),
});

export const inventoryCredentialSchema = z.strictObject({
  id,
  provider: z.string().min(1),
  kind: z.string().min(1),
  purpose: z.string().min(1),
  name: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, "must be an AWS access key id").optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "must be a lowercase hex HMAC-SHA-256").optional(),
  authenticatesAs: id.optional(),
  createdAt: dateTime.optional(),
  expiresAt: dateTime.optional(),
  lastUsedAt: dateTime.optional(),
});

export const inventoryApprovalGateSchema = z.strictObject({
  id,
  provider: z.string().min(1).optional(),
  name: z.string().min(1),
  mode: z.string().min(1).optional(),
  appliesTo: z.array(id).min(1),
  actions: z.array(z.string().min(1)).optional(),
});

export const inventorySchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  identities: z.array(inventoryIdentitySchema).optional(),
  resources: z.array(inventoryResourceSchema).optional(),
  recoveryCopies: z.array(inventoryRecoveryCopySchema).optional(),
  permissions: z.array(inventoryPermissionSchema).optional(),
  credentials: z.array(inventoryCredentialSchema).optional(),
  approvalGates: z.array(inventoryApprovalGateSchema).optional(),
});
export type Inventory = z.infer<typeof inventorySchema>;

export interface InventoryProblem {
  path: string;
  message: string;
}

/** Every id a record points at must be declared, and ids must be unique within their section. */
export function checkInventoryReferences(inventory: Inventory): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  const idsOf = (section: string, items: { id: string }[] | undefined) => {
    const ids = new Set<string>();
    (items ?? []).forEach((item, index) => {
      if (ids.has(item.id)) problems.push({ path: `${section}[${index}].id`, message: `duplicate id "${item.id}"` });
      ids.add(item.id);
    });
    return ids;
  };
  const identities = idsOf("identities", inventory.identities);
  const resources = idsOf("resources", inventory.resources);
  idsOf("recoveryCopies", inventory.recoveryCopies);
  idsOf("credentials", inventory.credentials);
  idsOf("approvalGates", inventory.approvalGates);
  const expect = (known: Set<string>, what: string, value: string | undefined, path: string) => {
    if (value !== undefined && !known.has(value)) problems.push({ path, message: `unknown ${what} "${value}"` });
  };
  inventory.identities?.forEach((identity, i) => {
    identity.memberOf?.forEach((ref, j) => expect(identities, "identity", ref, `identities[${i}].memberOf[${j}]`));
    identity.canAssume?.forEach((ref, j) => expect(identities, "identity", ref, `identities[${i}].canAssume[${j}]`));
  });
  inventory.resources?.forEach((resource, i) => expect(resources, "resource", resource.parent, `resources[${i}].parent`));
  inventory.recoveryCopies?.forEach((copy, i) => {
    expect(resources, "resource", copy.of, `recoveryCopies[${i}].of`);
    expect(resources, "resource", copy.storedIn, `recoveryCopies[${i}].storedIn`);
  });
  inventory.permissions?.forEach((permission, i) => {
    expect(identities, "identity", permission.identity, `permissions[${i}].identity`);
    expect(resources, "resource", permission.resource, `permissions[${i}].resource`);
  });
  inventory.credentials?.forEach((credential, i) =>
    expect(identities, "identity", credential.authenticatesAs, `credentials[${i}].authenticatesAs`),
  );
  inventory.approvalGates?.forEach((gate, i) =>
    gate.appliesTo.forEach((ref, j) => expect(identities, "identity", ref, `approvalGates[${i}].appliesTo[${j}]`)),
  );
  return problems;
}
