/** A filter form's labelled select of plain values, "any" first (an empty value: no filter). */
export function AnySelect({ label, name, values, value }: { label: string; name: string; values: readonly string[]; value: string | undefined }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""}>
        <option value="">any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}
