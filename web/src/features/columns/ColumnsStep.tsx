import { useId } from 'react';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describedBy, Field } from '../../components/Field';
import { Step } from '../../components/Step';
import { formatCount } from '../../lib/format';
import type { Direction } from '../direction/useDirection';
import type { ColumnEntry, ColumnsState } from './useColumns';

interface ColumnsStepProps {
  number: number;
  direction: Direction;
  state: ColumnsState;
  /** Export: the ClickHouse tables to choose the source from (empty until connected). */
  tableNames: string[];
  sourceTable: string;
  onSourceTableChange: (table: string) => void;
  /** Import: the chosen file's name, for the description. */
  fileName: string | null;
  /** Why columns cannot be loaded yet, if so. */
  blocker: string | null;
  disabled?: boolean;
}

export function ColumnsStep(props: ColumnsStepProps) {
  const { number, direction, state, tableNames, sourceTable, onSourceTableChange, fileName, blocker, disabled } = props;
  const { load, loadColumns, entries, selected, isSelected, toggle, selectAll, selectNone, stale, qualify, schema } = state;
  const tableHint = tableNames.length === 0 ? 'Connect in step 2 to list the tables.' : undefined;
  const badRows = schema?.bad_rows ?? [];
  const loading = load.status === 'loading';

  return (
    <Step
      number={number}
      title={direction === 'export' ? 'Source' : 'Columns'}
      description={
        direction === 'export' ? (
          'Pick the source table and the columns to export.'
        ) : (
          <>Which columns of {fileName ? <code>{fileName}</code> : 'the file'} to load.</>
        )
      }
    >
      <fieldset className="plain" disabled={disabled}>
        <legend className="visually-hidden">Source columns</legend>
        <div className="columns-toolbar">
          {direction === 'export' && (
            <Field id="source-table" label="Source table" hint={tableHint}>
              <select
                id="source-table"
                value={sourceTable}
                onChange={(e) => onSourceTableChange(e.target.value)}
                disabled={tableNames.length === 0}
                aria-describedby={describedBy('source-table', tableHint)}
              >
                <option value="">Choose a table…</option>
                {tableNames.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <div className="actions" aria-live="polite">
            {blocker ? (
              <span className="hint" id="columns-blocker">
                {blocker}
              </span>
            ) : loading ? (
              <span className="muted">
                <span className="spinner" aria-hidden="true" /> Loading the columns…
              </span>
            ) : (
              <Button variant="ghost" onClick={() => void loadColumns()} aria-label="Reload the columns">
                Reload
              </Button>
            )}
          </div>
        </div>

        {load.status === 'error' && <ErrorAlert error={load.error} title="Could not read the columns" />}
        {stale && !loading && load.status !== 'error' && <p className="muted">The source changed; reading its columns again…</p>}

        {badRows.length > 0 && <BadRows rows={badRows} count={Math.max(schema?.bad_row_count ?? 0, badRows.length)} />}

        {entries.length > 0 && (
          <>
            <div className="selection-bar">
              <span id="columns-count">
                {formatCount(selected.length)} of {formatCount(entries.length)} columns selected
              </span>
              <Button variant="ghost" onClick={selectAll} disabled={selected.length === entries.length}>
                Select all
              </Button>
              <Button variant="ghost" onClick={selectNone} disabled={selected.length === 0}>
                Select none
              </Button>
            </div>
            {qualify ? (
              groupByTable(entries).map(([table, group]) => (
                <fieldset key={table} className="column-group">
                  <legend>
                    <code>{table}</code>
                  </legend>
                  <ColumnList entries={group} isSelected={isSelected} toggle={toggle} short />
                </fieldset>
              ))
            ) : (
              <ColumnList entries={entries} isSelected={isSelected} toggle={toggle} />
            )}
          </>
        )}
        {load.status === 'loaded' && entries.length === 0 && !stale && <p className="muted">No columns found.</p>}
      </fieldset>
    </Step>
  );
}

/** Rows of the sample that could not be parsed: shown with their line numbers instead of refusing. */
function BadRows({ rows, count }: { rows: Array<{ line: number; reason: string }>; count: number }) {
  const shown = rows.slice(0, 20);
  return (
    <div className="alert alert-warning bad-rows" role="status">
      <strong>
        {count === 1 ? '1 row of the sample could not be read' : `${formatCount(count)} rows of the sample could not be read`}
      </strong>
      <span className="alert-message">
        The columns come from the other rows. Choose in the Transfer step whether a bad row stops the load or is skipped.
      </span>
      <table className="list-table bad-rows-table">
        <caption className="visually-hidden">Rows that could not be read</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.line}>
              <td className="num mono">{row.line}</td>
              <td>{row.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown.length && <p className="muted">…and {formatCount(rows.length - shown.length)} more.</p>}
    </div>
  );
}

function groupByTable(entries: ColumnEntry[]): Array<[string, ColumnEntry[]]> {
  const groups = new Map<string, ColumnEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.table);
    if (group) group.push(entry);
    else groups.set(entry.table, [entry]);
  }
  return [...groups.entries()];
}

interface ColumnListProps {
  entries: ColumnEntry[];
  isSelected: (key: string) => boolean;
  toggle: (key: string, on: boolean) => void;
  /** Inside a table's group: show the bare column name; the accessible name stays qualified. */
  short?: boolean;
}

function ColumnList({ entries, isSelected, toggle, short = false }: ColumnListProps) {
  const prefix = useId();
  return (
    <ul className="column-list">
      {entries.map((entry, index) => {
        const id = `${prefix}col${index}`;
        return (
          <li key={entry.key} className={isSelected(entry.key) ? 'is-selected' : undefined}>
            <input
              id={id}
              type="checkbox"
              checked={isSelected(entry.key)}
              onChange={(e) => toggle(entry.key, e.target.checked)}
              aria-describedby={`${id}-type`}
              aria-label={short ? entry.label : undefined}
            />
            <label htmlFor={id} className="mono">
              {short ? entry.name : entry.label}
            </label>
            <span className="type-badge" id={`${id}-type`}>
              {entry.type}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
