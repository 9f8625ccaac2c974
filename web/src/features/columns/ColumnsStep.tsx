import { useId } from 'react';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describedBy, Field } from '../../components/Field';
import { Step } from '../../components/Step';
import { formatCount } from '../../lib/format';
import type { Direction } from '../direction/useDirection';
import type { ColumnEntry, ColumnsState } from './useColumns';

interface ColumnsStepProps {
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
  const { direction, state, tableNames, sourceTable, onSourceTableChange, fileName, blocker, disabled } = props;
  const { load, loadColumns, entries, selected, isSelected, toggle, selectAll, selectNone, stale, qualify } = state;
  const tableHint = tableNames.length === 0 ? 'Connect in step 2 to list the tables.' : undefined;

  return (
    <Step
      number={4}
      title="Columns"
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
          <div className="actions">
            <Button
              variant="primary"
              onClick={() => void loadColumns()}
              busy={load.status === 'loading'}
              disabled={blocker !== null}
              aria-describedby={blocker ? 'columns-blocker' : undefined}
            >
              Load Columns
            </Button>
            {blocker && (
              <span className="hint" id="columns-blocker">
                {blocker}
              </span>
            )}
          </div>
        </div>

        {load.status === 'error' && <ErrorAlert error={load.error} />}
        {stale && <p className="notice">The source changed since the columns were loaded. Load them again.</p>}

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
            <label htmlFor={id} className="mono" title={entry.label}>
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
