/** One column of a join condition: a labelled <select> of columns (key pairs and the ASOF condition). */
interface ColumnSelectProps {
  id: string;
  /** Read only by screen readers before the label ("Join 1 key 2 "), so each select has a unique name. */
  context: string;
  label: string;
  value: string;
  /** The values offered; `display` turns one into its text (a qualified name for the joined table's columns). */
  options: string[];
  display?: (value: string) => string;
  onChange: (value: string) => void;
  /** Shown instead of "Choose…" (and the select disabled) while the columns load. */
  loading?: boolean;
}

export function ColumnSelect({ id, context, label, value, options, display, onChange, loading = false }: ColumnSelectProps) {
  return (
    <div className="field">
      <label htmlFor={id}>
        <span className="visually-hidden">{context}</span>
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={loading}>
        <option value="">{loading ? 'Loading…' : 'Choose…'}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {display ? display(option) : option}
          </option>
        ))}
      </select>
    </div>
  );
}
