"use client";

import { useActionState } from "react";
import { saveSourceAction } from "./actions";

export interface SourceFormValues {
  id?: number;
  name: string;
  collector: string;
  config: string;
  schedule: string;
  timezone: string;
  enabled: boolean;
  timeoutSeconds: number;
}

const EMPTY: SourceFormValues = { name: "", collector: "inventory", config: '{\n  "file": ""\n}', schedule: "", timezone: "UTC", enabled: true, timeoutSeconds: 1800 };

export function SourceForm({ collectors, initial = EMPTY }: { collectors: readonly string[]; initial?: SourceFormValues }) {
  const [state, action, pending] = useActionState(saveSourceAction, null);
  return (
    <form action={action} aria-label={initial.id ? "Edit source" : "New source"}>
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      <div className="form-row">
        <label>
          Name
          <input name="name" defaultValue={initial.name} required />
        </label>
        <label>
          Collector
          <select name="collector" defaultValue={initial.collector}>
            {collectors.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Schedule (cron, empty = manual)
          <input name="schedule" defaultValue={initial.schedule} placeholder="0 3 * * *" />
        </label>
        <label>
          Time zone
          <input name="timezone" defaultValue={initial.timezone} />
        </label>
        <label>
          Timeout (s)
          <input name="timeoutSeconds" type="number" min={10} defaultValue={initial.timeoutSeconds} />
        </label>
        <label className="inline-check">
          <input type="checkbox" name="enabled" defaultChecked={initial.enabled} /> Enabled
        </label>
      </div>
      <div className="form-row">
        <label style={{ flex: 1 }}>
          Config (JSON; passwords and tokens are encrypted and shown as ••••••)
          <textarea name="config" rows={5} defaultValue={initial.config} style={{ fontFamily: "monospace" }} />
        </label>
      </div>
      {state && !state.ok ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : null}
      <button className="button small" type="submit" disabled={pending}>
        {pending ? "Saving…" : initial.id ? "Save source" : "Create source"}
      </button>
    </form>
  );
}
