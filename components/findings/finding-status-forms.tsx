"use client";

import { useActionState } from "react";
import type { FindingActionState } from "@/app/(app)/findings/actions";

type Action = (state: FindingActionState, form: FormData) => Promise<FindingActionState>;

/** Accept a finding's risk with a reason and an expiry (default: 90 days). */
export function AcceptFindingForm({ id, action, defaultExpiry }: { id: string; action: Action; defaultExpiry: string }) {
  const [state, submit, pending] = useActionState(action, null);
  return (
    <form action={submit} aria-label="Accept this finding">
      <input type="hidden" name="id" value={id} />
      <div className="form-row">
        <label style={{ flex: "1 1 100%" }}>
          Reason
          <textarea name="reason" rows={2} required placeholder="e.g. token rotated next sprint; agent runs only in a sandbox" />
        </label>
        <label>
          Expires on
          <input type="date" name="expires" defaultValue={defaultExpiry} />
        </label>
        <button className="button" type="submit" disabled={pending}>
          {pending ? "Accepting…" : "Accept risk"}
        </button>
      </div>
      {state && !state.ok ? <p className="error" role="alert">{state.error}</p> : null}
      {state?.ok && state.result === "accepted" ? <p role="status">Accepted. It no longer shows among open findings.</p> : null}
    </form>
  );
}

export function ReopenFindingForm({ id, action }: { id: string; action: Action }) {
  const [state, submit, pending] = useActionState(action, null);
  return (
    <form action={submit} aria-label="Reopen this finding">
      <input type="hidden" name="id" value={id} />
      <button className="button secondary" type="submit" disabled={pending}>
        {pending ? "Reopening…" : "Reopen"}
      </button>
      {state && !state.ok ? <p className="error" role="alert">{state.error}</p> : null}
      {state?.ok && state.result === "reopened" ? <p role="status">Reopened.</p> : null}
    </form>
  );
}
