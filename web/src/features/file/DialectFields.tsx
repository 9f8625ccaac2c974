import { describedBy, Field } from '../../components/Field';
import { kDelimiterOptions, type DelimiterChoice, type FileSourceState } from './useFileSource';

/** Delimiter and header settings, shared by the input file and the output file. */
export function DialectFields({ state }: { state: FileSourceState }) {
  const { delimiterChoice, setDelimiterChoice, customDelimiter, setCustomDelimiter, delimiterError, header, setHeader } = state;
  return (
    <div className="form-grid dialect">
      <Field id="file-delimiter" label="Delimiter">
        <select id="file-delimiter" value={delimiterChoice} onChange={(e) => setDelimiterChoice(e.target.value as DelimiterChoice)}>
          {kDelimiterOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
      {delimiterChoice === 'custom' && (
        <Field id="file-custom-delimiter" label="Custom delimiter" error={delimiterError}>
          <input
            id="file-custom-delimiter"
            type="text"
            className="mono narrow"
            value={customDelimiter}
            maxLength={1}
            onChange={(e) => setCustomDelimiter(e.target.value)}
            aria-invalid={delimiterError ? true : undefined}
            aria-describedby={describedBy('file-custom-delimiter', null, delimiterError)}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
      )}
      <div className="field field-switch">
        <span className="field-label-spacer" aria-hidden="true">{'\u00a0'}</span>
        <label className="checkbox">
          <input type="checkbox" checked={header} onChange={(e) => setHeader(e.target.checked)} />
          First row is a header
        </label>
      </div>
    </div>
  );
}
