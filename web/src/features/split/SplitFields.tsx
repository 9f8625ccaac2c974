import { describedBy } from '../../components/Field';
import { seriesNames } from './split';
import type { SplitState } from './useSplit';

/** Export: cut the output into several files (rows per file, size per file, one file per partition value). */
export function SplitFields({ split, outputName, disabled }: { split: SplitState; outputName: string; disabled?: boolean | undefined }) {
  const { form, update, result } = split;
  const names = outputName.trim() ? seriesNames(outputName.trim()) : null;
  return (
    <fieldset className="split-fields" disabled={disabled}>
      <legend>Several files</legend>
      <label className="checkbox">
        <input type="checkbox" checked={form.enabled} onChange={(e) => update({ enabled: e.target.checked })} />
        Split the output into several files, with a manifest
      </label>
      {form.enabled && (
        <>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="split-rows">Rows per file</label>
              <input
                id="split-rows"
                type="text"
                inputMode="numeric"
                className="mono"
                placeholder="100000"
                value={form.rowsText}
                onChange={(e) => update({ rowsText: e.target.value })}
                aria-invalid={result.rowsError ? true : undefined}
                aria-describedby={describedBy('split-rows', null, result.rowsError)}
              />
              {result.rowsError && (
                <p className="field-error" id="split-rows-error">
                  {result.rowsError}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor="split-bytes">Size per file</label>
              <input
                id="split-bytes"
                type="text"
                className="mono"
                placeholder="500M"
                value={form.bytesText}
                onChange={(e) => update({ bytesText: e.target.value })}
                aria-invalid={result.bytesError ? true : undefined}
                aria-describedby={describedBy('split-bytes', 'CSV bytes before compression', result.bytesError)}
              />
              <p className="hint" id="split-bytes-hint">
                CSV bytes before compression
              </p>
              {result.bytesError && (
                <p className="field-error" id="split-bytes-error">
                  {result.bytesError}
                </p>
              )}
            </div>
            <div className="field span-2">
              <label htmlFor="split-partition">Partition by (a ClickHouse expression)</label>
              <input
                id="split-partition"
                type="text"
                className="mono"
                placeholder="toYYYYMM(created)"
                value={form.partitionBy}
                onChange={(e) => update({ partitionBy: e.target.value })}
                aria-describedby="split-partition-hint"
                autoComplete="off"
                spellCheck={false}
              />
              <p className="hint" id="split-partition-hint">
                One file (or numbered series) per value, with the value in the name.
              </p>
            </div>
          </div>
          {names && !result.problem && (
            <p className="summary-line">
              Files are named like <code>{names.first}</code>
              {result.fields.partition_by ? ' (with the partition value before the number)' : ''}, listed with their rows, bytes and SHA-256 in{' '}
              <code>{names.manifest}</code>. Nothing appears under these names unless the whole export succeeds.
            </p>
          )}
          {result.problem && !result.rowsError && !result.bytesError && <p className="hint">{result.problem}</p>}
        </>
      )}
    </fieldset>
  );
}
