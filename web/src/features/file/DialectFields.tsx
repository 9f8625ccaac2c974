import { describedBy, Field } from '../../components/Field';
import { kDelimiterOptions, kEncodings, type DelimiterChoice, type ResolvedDialect } from './dialect';
import type { FileSourceState } from './useFileSource';

interface DialectFieldsProps {
  state: FileSourceState;
  dialect: ResolvedDialect;
  /** Import: encoding, skipped lines and decimal comma too, and "detected" marks on sniffed values. */
  reading: boolean;
}

/** Delimiter and header (and for inputs the encoding and friends), shared by input and output files. */
export function DialectFields({ state, dialect, reading }: DialectFieldsProps) {
  const { setDelimiterChoice, setCustomDelimiter, delimiterError, setHeader, setEncoding, setSkipLines, setDecimalComma, setTrim, setPadRagged, setLenientQuotes, setKeepRepeatedHeaders } =
    state;
  const detected = (key: Parameters<typeof dialect.suggested.has>[0]) => reading && dialect.suggested.has(key);
  const delimiterHint = detected('delimiter') ? 'Detected in the file; change it if it is wrong.' : undefined;
  const encodings = kEncodings.some((e) => e.value === dialect.encoding)
    ? kEncodings
    : [...kEncodings, { value: dialect.encoding, label: dialect.encoding.toUpperCase() }];
  return (
    <div className="form-grid dialect">
      <Field id="file-delimiter" label="Delimiter" hint={delimiterHint}>
        <select
          id="file-delimiter"
          value={dialect.delimiterChoice}
          onChange={(e) => setDelimiterChoice(e.target.value as DelimiterChoice)}
          aria-describedby={describedBy('file-delimiter', delimiterHint)}
        >
          {kDelimiterOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
      {dialect.delimiterChoice === 'custom' && (
        <Field id="file-custom-delimiter" label="Custom delimiter" error={delimiterError}>
          <input
            id="file-custom-delimiter"
            type="text"
            className="mono narrow"
            value={dialect.customDelimiter}
            maxLength={2}
            onChange={(e) => setCustomDelimiter(e.target.value)}
            aria-invalid={delimiterError ? true : undefined}
            aria-describedby={describedBy('file-custom-delimiter', null, delimiterError)}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
      )}
      {reading && (
        <Field id="file-encoding" label="Encoding" hint={detected('encoding') ? 'Detected' : undefined}>
          <select
            id="file-encoding"
            value={dialect.encoding}
            onChange={(e) => setEncoding(e.target.value)}
            aria-describedby={describedBy('file-encoding', detected('encoding'))}
          >
            {encodings.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
      )}
      {reading && (
        <Field id="file-skip-lines" label="Lines to skip" hint={detected('skipLines') && dialect.skipLines > 0 ? 'Detected' : undefined}>
          <input
            id="file-skip-lines"
            type="number"
            min={0}
            className="narrow"
            value={dialect.skipLines}
            onChange={(e) => setSkipLines(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
            aria-describedby={describedBy('file-skip-lines', detected('skipLines') && dialect.skipLines > 0)}
          />
        </Field>
      )}
      <div className="field field-switch">
        <span className="field-label-spacer" aria-hidden="true">
          {'\u00a0'}
        </span>
        <label className="checkbox">
          <input type="checkbox" checked={dialect.header} onChange={(e) => setHeader(e.target.checked)} />
          First row is a header
          {detected('header') && <span className="detected-tag">detected</span>}
        </label>
        {reading && (
          <label className="checkbox">
            <input type="checkbox" checked={dialect.decimalComma} onChange={(e) => setDecimalComma(e.target.checked)} />
            Decimal comma (1,5 = 1.5)
            {detected('decimalComma') && dialect.decimalComma && <span className="detected-tag">detected</span>}
          </label>
        )}
        {reading && (
          <label className="checkbox">
            <input type="checkbox" checked={dialect.trim} onChange={(e) => setTrim(e.target.checked)} />
            Trim leading spaces (a, b, c)
          </label>
        )}
        {reading && (
          <label className="checkbox">
            <input type="checkbox" checked={dialect.padRagged} onChange={(e) => setPadRagged(e.target.checked)} />
            Pad short rows with NULL
          </label>
        )}
        {reading && (
          <label className="checkbox">
            <input type="checkbox" checked={dialect.lenientQuotes} onChange={(e) => setLenientQuotes(e.target.checked)} />
            Quotes inside values are text (5" pipe)
          </label>
        )}
        {reading && dialect.header && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={dialect.keepRepeatedHeaders}
              onChange={(e) => setKeepRepeatedHeaders(e.target.checked)}
            />
            Load rows that repeat the header as data
          </label>
        )}
      </div>
    </div>
  );
}
