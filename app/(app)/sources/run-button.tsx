"use client";

import { useActionState } from "react";
import { runSourceAction } from "./actions";

export function RunButton({ sourceId }: { sourceId: number }) {
  const [state, action, pending] = useActionState(runSourceAction, null);
  return (
    <form action={action} style={{ marginBottom: "0.75rem" }}>
      <input type="hidden" name="sourceId" value={sourceId} />
      <button className="button small" type="submit" disabled={pending}>
        {pending ? "Queuing…" : "Run now"}
      </button>
      {state && !state.ok ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
