/**
 * Where the guard's files are: the snapshot, its fingerprint key, the warm daemon's socket. Apart from
 * snapshot.ts so that what every hook call loads first (lib/guard/daemon/client.ts) does not load zod.
 */
import os from "node:os";
import path from "node:path";

/** The environment the hook sees: the agent's, passed in (the hook never reads process.env itself). */
export type GuardEnv = Record<string, string | undefined>;

/** The user's Blastmap folder: ~/.blastmap (absolute, so the hook finds it from any working directory). */
export function userBlastmapDir(env: GuardEnv = {}): string {
  return path.join(env.HOME || os.homedir(), ".blastmap");
}

/** BLASTMAP_GUARD_SNAPSHOT, else ~/.blastmap/guard/snapshot.json. */
export function defaultSnapshotPath(env: GuardEnv = {}): string {
  const override = env.BLASTMAP_GUARD_SNAPSHOT?.trim();
  if (override) return path.resolve(override);
  return path.join(userBlastmapDir(env), "guard", "snapshot.json");
}

/** The key file sync writes beside a snapshot (mode 600): `<dir>/fingerprint.key`. */
export function fingerprintKeyPath(snapshotPath: string): string {
  return path.join(path.dirname(snapshotPath), "fingerprint.key");
}
