/**
 * A multi-select that needs no script: a disclosure holding one checkbox per value, submitted with its
 * GET form as repeated parameters (`?severity=critical&severity=high`).
 */
type Option = string | { value: string; label: string };

export function MultiSelect({ name, legend, options, selected, noneLabel }: { name: string; legend: string; options: Option[]; selected: readonly string[]; noneLabel: string }) {
  const normalised = options.map((o) => (typeof o === "string" ? { value: o, label: o } : o));
  const chosen = normalised.filter((o) => selected.includes(o.value));
  const summary = chosen.length === 0 ? noneLabel : chosen.length <= 2 ? chosen.map((o) => o.label).join(", ") : `${chosen.length} selected`;
  return (
    <details className="multi-select">
      <summary aria-label={`${legend}: ${summary}`}>
        <span className="multi-legend">{legend}</span>
        <span className="multi-value">{summary}</span>
      </summary>
      <fieldset>
        <legend className="sr-only">{legend}</legend>
        {normalised.map((o) => (
          <label key={o.value}>
            <input type="checkbox" name={name} value={o.value} defaultChecked={selected.includes(o.value)} /> <span className="multi-label">{o.label}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}
