/**
 * COPY on the Neon driver: in as node-postgres does (the driver is a fork of it); never out, since its
 * WebSocket stream cannot pause, and the readers fall back to a query. Chosen by lib/db/client.ts.
 */
import type { CopyChannel } from "@/lib/db/store/copy-channel";
import { copyInByStream } from "@/lib/db/store/copy-pg";

export const neonCopyChannel: CopyChannel = {
  copyIn: copyInByStream,
  copyOut: async () => null,
};
