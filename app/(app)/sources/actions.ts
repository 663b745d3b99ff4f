"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/api/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { createApiToken, type ApiTokenScope } from "@/lib/auth/api-tokens";
import { revokeApiToken } from "@/lib/db/queries/api-tokens";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { requestSweepCancel } from "@/lib/db/queries/sweeps";
import { AppError } from "@/lib/errors";
import { createSourceFromInput, updateSourceFromInput } from "@/lib/sweeps/manage-sources";
import { requestSweepRun } from "@/lib/sweeps/sweep-worker";
import { rowIdSchema } from "@/lib/db/row-id";

const id = rowIdSchema;

/** The source form: the config is JSON text, checked by the collector's own schema afterwards. */
const sourceForm = z
  .object({
    id: id.optional(),
    name: z.string(),
    collector: z.string(),
    config: z.string().default("{}"),
    schedule: z.string().default(""),
    timezone: z.string().default("UTC"),
    enabled: z.string().optional(),
    timeoutSeconds: z.coerce.number().int().default(1800),
  })
  .transform((form, ctx) => {
    let config: unknown;
    try {
      config = JSON.parse(form.config || "{}");
    } catch {
      ctx.addIssue({ code: "custom", path: ["config"], message: "is not valid JSON" });
      return z.NEVER;
    }
    return { ...form, config, enabled: form.enabled === "on" };
  });

export const saveSourceAction = defineAction({
  action: "/sources#saveSourceAction",
  input: sourceForm,
  run: async ({ db, configKey, input, user, address }) => {
    const { id: sourceId, ...values } = input;
    const source = sourceId ? await updateSourceFromInput(db, sourceId, values, configKey) : await createSourceFromInput(db, values, configKey);
    // The field names only: a config may hold a secret.
    await recordAudit(db, {
      actor: { userId: user.id, name: user.name },
      action: sourceId ? "source.update" : "source.create",
      target: `source:${source.id}`,
      address,
      detail: { name: source.name, collector: source.collector, schedule: values.schedule || null, enabled: values.enabled },
    });
    revalidatePath("/sources");
    redirect(`/sources/${source.id}`);
  },
});

export const runSourceAction = defineAction({
  action: "/sources#runSourceAction",
  audit: { action: "sweep.run", target: ({ input }) => `source:${input.sourceId}` },
  input: z.object({ sourceId: id }),
  run: async ({ db, input }) => {
    await getSourceOrThrow(db, input.sourceId);
    const sweep = await requestSweepRun(db, input.sourceId);
    redirect(`/sources/${input.sourceId}/sweeps/${sweep.id}`);
  },
});

export const cancelSweepAction = defineAction({
  action: "/sources#cancelSweepAction",
  audit: { action: "sweep.cancel", target: ({ input }) => `sweep:${input.sweepId}` },
  input: z.object({ sweepId: id }),
  run: async ({ db, input }) => {
    const sweep = await requestSweepCancel(db, input.sweepId);
    return { status: sweep.status };
  },
});

const tokenForm = z.record(z.string(), z.unknown()).transform((form, ctx) => {
  const name = typeof form.name === "string" ? form.name.trim() : "";
  const scope: ApiTokenScope = form["guard-sync"] === "on" ? "guard-sync" : "ingest";
  const sourceIds = Object.keys(form)
    .filter((key) => key.startsWith("source-") && form[key] === "on")
    .map((key) => Number(key.slice("source-".length)));
  if (!name) ctx.addIssue({ code: "custom", path: ["name"], message: "give the token a name" });
  if (scope === "ingest" && sourceIds.length === 0) ctx.addIssue({ code: "custom", path: ["sources"], message: "choose at least one source" });
  if (scope === "guard-sync" && sourceIds.length > 0) ctx.addIssue({ code: "custom", path: ["sources"], message: "a guard sync token pushes to no source: untick the sources" });
  return { name, sourceIds, scope };
});

/** Returns the plain token: the only time anyone sees it. */
export const createTokenAction = defineAction({
  action: "/sources#createTokenAction",
  audit: { action: "token.create", target: ({ input }) => `token:${input.name}` },
  input: tokenForm,
  run: async ({ db, input, user }) => {
    for (const sourceId of input.sourceIds) await getSourceOrThrow(db, sourceId);
    const { token, record } = await createApiToken(db, { ...input, createdBy: user.name });
    revalidatePath("/sources");
    return { token, name: record.name };
  },
});

export const revokeTokenAction = defineAction({
  action: "/sources#revokeTokenAction",
  audit: { action: "token.revoke", target: ({ input }) => `token:${input.tokenId}` },
  input: z.object({ tokenId: id }),
  run: async ({ db, input }) => {
    const token = await revokeApiToken(db, input.tokenId).catch(() => {
      throw new AppError("not_found:node", "No such token.");
    });
    revalidatePath("/sources");
    return { revoked: token.id };
  },
});
