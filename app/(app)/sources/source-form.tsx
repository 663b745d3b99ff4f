"use client";

/**
 * Create or edit a source. The fields are controlled and the form is submitted without React's automatic
 * form reset (which would put a select back to its first option even when controlled), so a form the
 * server refuses keeps everything typed, and the server's message shows beside the field it is about. Picking another collector swaps in its config template while the config is untouched.
 */
import { startTransition, useActionState, useId, useState } from "react";
import { configTemplate } from "./config-templates";
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

type Field = "name" | "collector" | "config" | "schedule" | "timezone" | "timeoutSeconds";

const EMPTY: SourceFormValues = { name: "", collector: "inventory", config: configTemplate("inventory"), schedule: "", timezone: "UTC", enabled: true, timeoutSeconds: 1800 };

/** Which field a server message is about: messages name their field first ("config.url: …", "name: …"). */
export function fieldOfError(message: string): Field | null {
  const head = message.split(":")[0].trim();
  if (head.startsWith("config")) return "config";
  if (head === "name" || /already (exists|taken|used)/i.test(message)) return "name";
  if (head === "collector" || /collector/i.test(head)) return "collector";
  if (head === "timeoutSeconds") return "timeoutSeconds";
  if (/time zone/i.test(message) || head === "timezone") return "timezone";
  if (/schedule/i.test(message)) return "schedule";
  return null;
}

export function SourceForm({ collectors, initial = EMPTY }: { collectors: readonly string[]; initial?: SourceFormValues }) {
  const [state, action, pending] = useActionState(saveSourceAction, null);
  const [values, setValues] = useState(initial);
  const [templated, setTemplated] = useState(initial.id === undefined);
  const id = useId();
  const error = state && !state.ok ? state.error : null;
  const field = error ? fieldOfError(error) : null;
  const set = <K extends keyof SourceFormValues>(key: K, value: SourceFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const errorProps = (name: Field) =>
    field === name ? { "aria-invalid": true as const, "aria-describedby": `${id}-${name}-error` } : {};
  const errorText = (name: Field) =>
    field === name ? (
      <span className="field-error" id={`${id}-${name}-error`} role="alert">
        {error}
      </span>
    ) : null;
  return (
    <form
      aria-label={initial.id ? "Edit source" : "New source"}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
    >
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      <div className="form-row">
        <label>
          Name
          <input name="name" value={values.name} onChange={(e) => set("name", e.target.value)} required maxLength={200} {...errorProps("name")} />
          {errorText("name")}
        </label>
        <label>
          Collector
          <select
            name="collector"
            value={values.collector}
            onChange={(e) => {
              const collector = e.target.value;
              // The template follows the collector until the config is edited by hand.
              setValues((v) => ({ ...v, collector, config: templated ? configTemplate(collector) : v.config }));
            }}
            {...errorProps("collector")}
          >
            {collectors.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          {errorText("collector")}
        </label>
        <label>
          Schedule (cron, empty = manual)
          <input name="schedule" value={values.schedule} onChange={(e) => set("schedule", e.target.value)} placeholder="0 3 * * *" {...errorProps("schedule")} />
          {errorText("schedule")}
        </label>
        <label>
          Time zone
          <input name="timezone" value={values.timezone} onChange={(e) => set("timezone", e.target.value)} {...errorProps("timezone")} />
          {errorText("timezone")}
        </label>
        <label>
          Timeout (s)
          <input name="timeoutSeconds" type="number" min={10} value={values.timeoutSeconds} onChange={(e) => set("timeoutSeconds", Number(e.target.value))} {...errorProps("timeoutSeconds")} />
          {errorText("timeoutSeconds")}
        </label>
        <label className="inline-check">
          <span>
            <input type="checkbox" name="enabled" checked={values.enabled} onChange={(e) => set("enabled", e.target.checked)} /> Enabled
          </span>
        </label>
      </div>
      <div className="form-row">
        <label className="grow">
          Config (JSON; passwords and tokens are encrypted and shown as ••••••)
          <textarea
            name="config"
            rows={6}
            className="mono"
            value={values.config}
            onChange={(e) => {
              setTemplated(false);
              set("config", e.target.value);
            }}
            {...errorProps("config")}
          />
          {errorText("config")}
        </label>
      </div>
      {error && field === null ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button className="button small" type="submit" disabled={pending}>
        {pending ? "Saving…" : initial.id ? "Save source" : "Create source"}
      </button>
    </form>
  );
}
