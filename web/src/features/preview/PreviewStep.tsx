import { Button } from '../../components/Button';
import { DataGrid } from '../../components/DataGrid';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Step } from '../../components/Step';
import { plural } from '../../lib/format';
import { kPreviewRows, type PreviewStateHook } from './usePreview';

interface PreviewStepProps {
  number: number;
  preview: PreviewStateHook;
  /** Identifies the current source and column choice; a preview of anything else is out of date. */
  signature: string;
  blocker: string | null;
  /** Types of the selected columns, in order, to label the grid's headers. */
  types: string[];
  onPreview: () => void;
  disabled?: boolean;
}

export function PreviewStep({ number, preview, signature, blocker, types, onPreview, disabled }: PreviewStepProps) {
  const { state } = preview;
  const stale = state.status === 'loaded' && state.signature !== signature;
  return (
    <Step number={number} title="Preview" description={`The first ${kPreviewRows} rows of the selected columns, before anything is written.`}>
      <div className="actions">
        <Button
          variant="primary"
          onClick={onPreview}
          busy={state.status === 'loading'}
          disabled={disabled || blocker !== null}
          aria-describedby={blocker ? 'preview-blocker' : undefined}
        >
          Preview
        </Button>
        {blocker && (
          <span className="hint" id="preview-blocker">
            {blocker}
          </span>
        )}
        {state.status === 'loaded' && (
          <span className="muted">
            {state.result.rows.length >= kPreviewRows
              ? `Showing the first ${kPreviewRows} rows`
              : `Showing all ${plural(state.result.rows.length, 'row')}`}
          </span>
        )}
      </div>
      {state.status === 'error' && <ErrorAlert error={state.error} />}
      {state.status === 'loaded' && (state.result.bad_rows?.length ?? 0) > 0 && (
        <div className="alert alert-warning" role="status">
          <strong>Rows the preview could not read</strong>
          <span className="alert-message">
            {state.result.bad_rows!.slice(0, 10).map((row) => `line ${row.line}: ${row.reason}`).join('; ')}
            {state.result.bad_rows!.length > 10 ? `; and ${state.result.bad_rows!.length - 10} more` : ''}
          </span>
        </div>
      )}
      {state.status === 'loaded' && state.result.join_hint && (
        <p className={state.result.join_hint.fan_out.length > 0 ? 'notice' : 'muted'} role="status" aria-live="polite">
          {state.result.join_hint.text}
        </p>
      )}
      {stale && <p className="notice">The selection changed since this preview. Preview again to refresh it.</p>}
      {state.status === 'loaded' &&
        (state.result.rows.length === 0 ? (
          <p className="muted">The source has no rows.</p>
        ) : (
          <DataGrid
            caption="Preview"
            columns={state.result.columns}
            rows={state.result.rows}
            types={
              !stale && state.result.types?.length === state.result.columns.length
                ? state.result.types
                : !stale && types.length === state.result.columns.length
                  ? types
                  : undefined
            }
          />
        ))}
    </Step>
  );
}
