"use client";

import { useActionState, useId } from "react";
import type { FindingActionState } from "@/app/(app)/findings/actions";

type Action = (state: FindingActionState, form: FormData) => Promise<FindingActionState>;

/** Problems beside their fields, and what was typed, from a refused form. */
function refusal(state: FindingActionState): { error?: string; fieldErrors: Record<string, string>; values?: Record<string, string> } {
  if (!state || state.ok) return { fieldErrors: {} };
  const fieldErrors = state.fieldErrors ?? {};
  // The message goes beside its field when the form has one; anything else is said under the form.
  const besideFields = Object.keys(fieldErrors).length > 0 && Object.keys(fieldErrors).every((name) => SHOWN_FIELDS.has(name));
  return { error: besideFields ? undefined : state.error, fieldErrors, values: state.values };
}

const SHOWN_FIELDS = new Set(["reason", "expires", "ids"]);

/** What a form that went through did. */
function outcome(state: FindingActionState) {
  return state?.ok ? state.result : undefined;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  ) : null;
}

/**
 * The reason (and, when accepting, expiry) fields with their errors beside them; remounted with what was
 * typed when the server refuses the form, so nothing typed is lost.
 */
function ReasonFields({ state, accept, defaultExpiry, placeholder }: { state: FindingActionState; accept: boolean; defaultExpiry: string; placeholder: string }) {
  const id = useId();
  const { fieldErrors: errors, values: kept } = refusal(state);
  return (
    <div className="form-row" key={state?.at ?? 0}>
      <label style={{ flex: "1 1 100%" }}>
        Reason
        <textarea
          name="reason"
          rows={2}
          maxLength={2000}
          placeholder={placeholder}
          defaultValue={kept?.reason ?? ""}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? `${id}-reason` : undefined}
        />
        <FieldError id={`${id}-reason`} message={errors.reason} />
      </label>
      {accept ? (
        <label>
          Expires on
          <input type="date" name="expires" defaultValue={kept?.expires ?? defaultExpiry} aria-invalid={errors.expires ? true : undefined} aria-describedby={errors.expires ? `${id}-expires` : undefined} />
          <FieldError id={`${id}-expires`} message={errors.expires} />
        </label>
      ) : null}
    </div>
  );
}

/** Accept a finding's risk with a reason and an expiry (default: 90 days). */
export function AcceptFindingForm({ id, action, defaultExpiry }: { id: string; action: Action; defaultExpiry: string }) {
  const [state, submit, pending] = useActionState(action, null);
  return (
    <form action={submit} aria-label="Accept this finding">
      <input type="hidden" name="ids" value={id} />
      <input type="hidden" name="intent" value="accept" />
      <ReasonFields state={state} accept defaultExpiry={defaultExpiry} placeholder="e.g. token rotated next sprint; agent runs only in a sandbox" />
      <button className="button" type="submit" disabled={pending}>
        {pending ? "Accepting…" : "Accept risk"}
      </button>
      {refusal(state).error ? <p className="error" role="alert">{refusal(state).error}</p> : null}
      {outcome(state)?.done === "accepted" ? <p role="status">Accepted. It no longer shows among open findings.</p> : null}
    </form>
  );
}

export function ReopenFindingForm({ id, action }: { id: string; action: Action }) {
  const [state, submit, pending] = useActionState(action, null);
  return (
    <form action={submit} aria-label="Reopen this finding">
      <input type="hidden" name="ids" value={id} />
      <input type="hidden" name="intent" value="reopen" />
      <ReasonFields state={state} accept={false} defaultExpiry="" placeholder="e.g. the sandbox was removed; rotation did not happen" />
      <button className="button secondary" type="submit" disabled={pending}>
        {pending ? "Reopening…" : "Reopen"}
      </button>
      {refusal(state).error ? <p className="error" role="alert">{refusal(state).error}</p> : null}
      {outcome(state)?.done === "reopened" ? <p role="status">Reopened.</p> : null}
    </form>
  );
}

/**
 * The list's bulk form: the table's checkboxes belong to it through their `form` attribute, so the
 * table can stay a plain server-rendered table. Accept or reopen the selected findings with one reason.
 */
export function BulkStatusForm({ formId, action, defaultExpiry, selectable }: { formId: string; action: Action; defaultExpiry: string; selectable: number }) {
  const [state, submit, pending] = useActionState(action, null);
  const errors = refusal(state).fieldErrors;
  const done = outcome(state);
  return (
    <form id={formId} action={submit} className="panel bulk-form" aria-label="Change the status of the selected findings">
      <div className="bulk-head">
        <strong>With the selected findings</strong>
        <label className="inline">
          <input
            type="checkbox"
            aria-label="Select every finding on this page"
            onChange={(event) => {
              for (const box of document.querySelectorAll<HTMLInputElement>(`input[type=checkbox][form="${formId}"][name="ids"]`)) box.checked = event.currentTarget.checked;
            }}
          />{" "}
          all {selectable} on this page
        </label>
        <FieldError id={`${formId}-ids`} message={errors.ids} />
      </div>
      <ReasonFields state={state} accept defaultExpiry={defaultExpiry} placeholder="Why: kept in each finding's history" />
      <div className="form-row">
        <button className="button" type="submit" name="intent" value="accept" disabled={pending}>
          Accept selected
        </button>
        <button className="button secondary" type="submit" name="intent" value="reopen" disabled={pending}>
          Reopen selected
        </button>
        <span className="muted small">The expiry applies to acceptances only.</span>
      </div>
      {refusal(state).error ? <p className="error" role="alert">{refusal(state).error}</p> : null}
      {done ? (
        <p role="status">
          {done.done === "accepted" ? "Accepted" : "Reopened"} {done.changed} {done.changed === 1 ? "finding" : "findings"}
          {done.skipped ? ` (${done.skipped} skipped: ${done.done === "accepted" ? "not open" : "already open"})` : ""}.
        </p>
      ) : null}
    </form>
  );
}
