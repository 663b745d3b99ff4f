"use client";

import { useActionState } from "react";
import type { PublicToken } from "@/lib/sweeps/token-view";
import { createTokenAction, revokeTokenAction } from "./actions";

export function TokenPanel({ tokens, sources }: { tokens: PublicToken[]; sources: { id: number; name: string }[] }) {
  const [created, create, creating] = useActionState(createTokenAction, null);
  const [revoked, revoke] = useActionState(revokeTokenAction, null);
  const sourceName = new Map(sources.map((s) => [s.id, s.name]));
  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens for remote collectors</h2>
      <p className="muted">
        A token may push batches to the sources you choose, or (guard sync) read the runtime guard&apos;s snapshot for{" "}
        <code>blastmap guard sync --server</code>, nothing else. It is shown once; only its hash is kept.
      </p>
      <form action={create} aria-label="New API token">
        <div className="form-row">
          <label>
            Token name
            <input name="name" placeholder="ci-runner" />
          </label>
          <fieldset style={{ border: "none", padding: 0 }}>
            <legend className="small">May push to</legend>
            {sources.map((s) => (
              <label key={s.id} className="inline-check">
                <input type="checkbox" name={`source-${s.id}`} /> {s.name}
              </label>
            ))}
          </fieldset>
          <label className="inline-check">
            <input type="checkbox" name="guard-sync" /> Guard sync (reads the guard snapshot, pushes nothing)
          </label>
          <button className="button small" type="submit" disabled={creating}>
            Create token
          </button>
        </div>
      </form>
      {created?.ok ? (
        <p className="note" role="status">
          Token <strong>{(created.result as { name: string }).name}</strong>, shown this once: <code data-testid="new-token">{(created.result as { token: string }).token}</code>
        </p>
      ) : created ? (
        <p className="error" role="alert">
          {created.error}
        </p>
      ) : null}
      {revoked && !revoked.ok ? <p className="error">{revoked.error}</p> : null}
      <ul className="row-list">
        {tokens.map((t) => (
          <li key={t.id}>
            <strong>{t.name}</strong> <code>{t.prefix}…</code>
            <span className="muted">
              → {t.scope === "guard-sync" ? "guard snapshot" : t.sourceIds.map((id) => sourceName.get(id) ?? `#${id}`).join(", ")} · last used {t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}
            </span>
            {t.revokedAt ? (
              <span className="badge">revoked</span>
            ) : (
              <form action={revoke} style={{ marginLeft: "auto" }}>
                <input type="hidden" name="tokenId" value={t.id} />
                <button className="button secondary small" type="submit">
                  Revoke
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
