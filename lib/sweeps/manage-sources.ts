/**
 * Creating, editing and deleting sources, shared by the API and the UI's server actions: the collector's
 * own zod schema checks the config, the schedule is checked with croner, secrets are sealed before
 * storing, and the source's pg-boss schedule follows every change (sweep-worker.ts).
 */
import { z } from "zod";
import { COLLECTOR_NAMES, loadCollector } from "@/lib/collectors/registry";
import type { Db } from "@/lib/db/client";
import { createSource, deleteSource, getSourceOrThrow, updateSource, type NewSource } from "@/lib/db/queries/sources";
import type { Source } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { formatIssuePath, issueMessage } from "@/lib/issue-text";
import { validateSchedule } from "@/lib/sweeps/schedule";
import { assertSourceWithinReach, serverReach } from "@/lib/sweeps/server-reach";
import { mergeSecrets, openSecrets, sealSecrets, splitSecrets } from "@/lib/sweeps/source-secrets";
import { syncSourceSchedule } from "@/lib/sweeps/sweep-worker";

export const sourceInputSchema = z.object({
  name: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9 ._:/-]*$/, "letters, digits, space and . _ : / - only"),
  collector: z.enum(COLLECTOR_NAMES),
  config: z.record(z.string(), z.unknown()).default({}),
  /** A cron expression, or null / "" for manual runs only. */
  schedule: z.string().trim().max(100).nullable().optional().transform((v) => (v ? v : null)),
  timezone: z.string().trim().min(1).default("UTC"),
  enabled: z.boolean().default(true),
  timeoutSeconds: z.number().int().min(10).max(24 * 3600).default(1800),
});
export type SourceInput = z.input<typeof sourceInputSchema>;

/** What the UI and the API show of a source: never its sealed secrets. */
export interface PublicSource {
  id: number;
  name: string;
  collector: string;
  config: Record<string, unknown>;
  hasSecrets: boolean;
  schedule: string | null;
  timezone: string;
  enabled: boolean;
  timeoutSeconds: number;
  nextRunAt: string | null;
  createdAt: string;
}

export function toPublicSource(source: Source): PublicSource {
  return {
    id: source.id,
    name: source.name,
    collector: source.collector,
    config: source.config,
    hasSecrets: source.secretConfig !== null,
    schedule: source.schedule,
    timezone: source.timezone,
    enabled: source.enabled,
    timeoutSeconds: source.timeoutSeconds,
    nextRunAt: source.nextRunAt?.toISOString() ?? null,
    createdAt: source.createdAt.toISOString(),
  };
}

export async function createSourceFromInput(db: Db, input: unknown, configKey: Buffer): Promise<Source> {
  const values = await prepareSource(parseInput(input), configKey);
  const source = await createSource(db, values);
  await syncSourceSchedule(db, source.id);
  return source;
}

export async function updateSourceFromInput(db: Db, id: number, input: unknown, configKey: Buffer): Promise<Source> {
  const existing = await getSourceOrThrow(db, id);
  const previous = openSecrets(existing.secretConfig, configKey);
  const values = await prepareSource(parseInput(input), configKey, { secrets: previous, config: existing.config });
  const source = await updateSource(db, id, values);
  await syncSourceSchedule(db, source.id);
  return source;
}

/** Deletes the source (its sweeps and graph rows go with it) and its schedule. */
export async function deleteSourceAndSchedule(db: Db, id: number): Promise<void> {
  await deleteSource(db, id);
  await syncSourceSchedule(db, id);
}

function parseInput(input: unknown): z.output<typeof sourceInputSchema> {
  const parsed = sourceInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("bad_request:input", `${formatIssuePath(issue.path) || "source"}: ${issueMessage(issue)}`);
  }
  return parsed.data;
}

/** `previous`: what the source stored before an edit; its secrets stay only where they would still go. */
async function prepareSource(
  input: z.output<typeof sourceInputSchema>,
  configKey: Buffer,
  previous: { secrets: Record<string, string>; config: Record<string, unknown> } = { secrets: {}, config: {} },
): Promise<NewSource> {
  const { config, secrets } = splitSecrets(input.config, previous.secrets, previous.config);
  const collector = await loadCollector(input.collector);
  const checked = collector.configSchema.safeParse(mergeSecrets(config, secrets));
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new AppError("bad_request:config", `config.${formatIssuePath(issue.path) || ""}: ${issueMessage(issue)}`.replace(/\.:/, ":"));
  }
  // Refused when saved, not only when swept: a path or host the server may not reach (F9).
  assertSourceWithinReach(input.collector, checked.data as Record<string, unknown>, serverReach());
  const nextRunAt = input.schedule ? validateSchedule(input.schedule, input.timezone) : null;
  return {
    name: input.name,
    collector: input.collector,
    config,
    secretConfig: Object.keys(secrets).length > 0 ? sealSecrets(secrets, configKey) : null,
    schedule: input.schedule,
    timezone: input.timezone,
    enabled: input.enabled,
    timeoutSeconds: input.timeoutSeconds,
    nextRunAt,
  };
}
