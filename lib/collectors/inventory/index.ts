/**
 * The `inventory` collector: a documented JSON file (inventory.schema.json) for sources that have no
 * collector yet: identities, resources, recovery copies, permissions, credentials and approval gates.
 */
import { z } from "zod";
import type { Collector } from "@/lib/collectors/types";
import { mapInventory } from "@/lib/collectors/inventory/map";
import { readInventoryFile } from "@/lib/collectors/inventory/read";

export const inventoryConfigSchema = z.object({
  /** Path to the inventory JSON file. */
  file: z.string().min(1),
});
export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;

export const inventoryCollector: Collector<InventoryConfig> = {
  name: "inventory",
  description: "A generic JSON inventory (identities, resources, backups, permissions, credentials, approval gates)",
  configSchema: inventoryConfigSchema,
  async collect(config, ctx) {
    ctx.progress({ phase: "reading inventory" });
    return mapInventory(await readInventoryFile(config.file));
  },
};

export { mapInventory, inventoryCredentialKey, inventoryItemKey } from "@/lib/collectors/inventory/map";
export { inventorySchema, type Inventory } from "@/lib/collectors/inventory/schema";
export { listInventoryProblems, parseInventoryText, validateInventory } from "@/lib/collectors/inventory/read";
