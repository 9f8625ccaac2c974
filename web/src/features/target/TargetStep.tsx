import { describedBy, Field } from '../../components/Field';
import { Step } from '../../components/Step';
import type { Delimiter } from '../../api';
import type { Direction } from '../direction/useDirection';
import type { TargetState } from './useTarget';

interface TargetStepProps {
  direction: Direction;
  state: TargetState;
  tableNames: string[];
  database: string;
  /** Export: the output file chosen in step 3. */
  outputName: string;
  outputExists: boolean;
  delimiter: Delimiter;
  header: boolean;
  disabled?: boolean;
}

function delimiterName(delimiter: Delimiter): string {
  switch (delimiter) {
    case ',':
      return 'comma';
    case 'tab':
      return 'tab';
    case ';':
      return 'semicolon';
    case '|':
      return 'pipe';
    default:
      return `“${delimiter}”`;
  }
}

export function TargetStep(props: TargetStepProps) {
  const { direction, state, tableNames, database, outputName, outputExists, delimiter, header, disabled } = props;

  if (direction === 'export') {
    return (
      <Step number={7} title="Target" description="Where the rows go.">
        {outputName.trim() ? (
          <p className="summary-line">
            Rows are written to <code>{outputName.trim()}</code> in the server's data directory, {delimiterName(delimiter)}-separated,{' '}
            {header ? 'with' : 'without'} a header row.
            {outputExists && <strong className="warn-text"> The existing file will be replaced.</strong>}
          </p>
        ) : (
          <p className="muted">Name the output file in step 3.</p>
        )}
      </Step>
    );
  }

  const name = state.table.trim();
  const exists = tableNames.includes(name);
  const showError = state.table !== '' ? state.error : null;
  const hint = !name
    ? 'Choose an existing table or type a new name.'
    : exists
      ? `Rows are appended to the existing table ${database}.${name}.`
      : state.create
        ? `${database}.${name} does not exist yet: it will be created from the file's columns.`
        : `${database}.${name} does not exist, and creating it is turned off.`;

  return (
    <Step number={7} title="Target" description="The ClickHouse table that receives the rows.">
      <fieldset className="plain" disabled={disabled}>
        <legend className="visually-hidden">Target table</legend>
        <div className="form-grid">
          <Field id="target-table" label="Target table" className="span-2" hint={hint} error={showError}>
            <input
              id="target-table"
              type="text"
              className="mono"
              list="target-table-options"
              value={state.table}
              onChange={(e) => state.setTable(e.target.value)}
              placeholder="new_table"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={showError ? true : undefined}
              aria-describedby={describedBy('target-table', hint, showError)}
            />
            <datalist id="target-table-options">
              {tableNames.map((table) => (
                <option key={table} value={table} />
              ))}
            </datalist>
          </Field>
          <div className="field field-switch span-2">
            <span className="field-label-spacer" aria-hidden="true">{'\u00a0'}</span>
            <label className="checkbox">
              <input type="checkbox" checked={state.create} onChange={(e) => state.setCreate(e.target.checked)} />
              Create table if missing
            </label>
          </div>
        </div>
        {name && !exists && !state.create && (
          <p className="notice">Turn on “Create table if missing”, or pick an existing table: the transfer would fail.</p>
        )}
      </fieldset>
    </Step>
  );
}
