import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describedBy, Field } from '../../components/Field';
import { ScrollRegion } from '../../components/ScrollRegion';
import { Step } from '../../components/Step';
import type { ColumnInfo } from '../../api';
import type { RequestState } from '../../lib/useDebouncedRequest';
import { checkTypes, kClickHouseTypes, kEngines, mappingProblem, schemaProblem, splitNullable } from './schema';
import type { TargetMode, TargetState } from './useTarget';

interface TargetStepProps {
  number: number;
  state: TargetState;
  tableNames: string[];
  database: string;
  /** Columns of the existing target table, when known. */
  tableColumns: ColumnInfo[] | null;
  /** Whether a file column is loaded, and how to change that (the Columns step's selection). */
  isLoaded: (fileColumn: string) => boolean;
  setLoaded: (fileColumn: string, on: boolean) => void;
  /** The server's CREATE TABLE for the current schema. */
  createSql: RequestState<string>;
  disabled?: boolean;
}

const kModes: Array<{ value: TargetMode; label: string; detail: string }> = [
  { value: 'append', label: 'Append', detail: 'Add the rows to an existing table.' },
  { value: 'replace', label: 'Replace', detail: 'Truncate, then load: the old rows stay until the new ones are all in.' },
  { value: 'create', label: 'Create a new table', detail: 'From the columns below, with the types you choose.' },
];

export function TargetStep(props: TargetStepProps) {
  const { number, state, tableNames, database, tableColumns, isLoaded, setLoaded, createSql, disabled } = props;
  const name = state.table.trim();
  const showError = state.table !== '' ? state.error : null;
  const hint = !name
    ? 'Choose an existing table or type a new name.'
    : state.mode === 'create'
      ? state.exists
        ? undefined
        : `${database}.${name} will be created.`
      : state.exists
        ? state.mode === 'append'
          ? `Rows will be added to ${database}.${name}.`
          : `The rows of ${database}.${name} will be replaced once the new ones are all in.`
        : undefined;

  return (
    <Step number={number} title="Target table" description="The ClickHouse table that receives the rows, and how.">
      <fieldset className="plain" disabled={disabled}>
        <legend className="visually-hidden">Target table</legend>
        <div className="form-grid">
          <Field id="target-table" label="Target table" className="span-2" hint={hint} error={showError ?? state.modeProblem}>
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
              aria-invalid={showError || state.modeProblem ? true : undefined}
              aria-describedby={describedBy('target-table', hint, showError ?? state.modeProblem)}
            />
            <datalist id="target-table-options">
              {tableNames.map((table) => (
                <option key={table} value={table} />
              ))}
            </datalist>
          </Field>
        </div>
        <fieldset className="mode-choice">
          <legend>Mode</legend>
          <div className="radio-cards">
            {kModes.map((mode) => (
              <label key={mode.value} className={`radio-card${state.mode === mode.value ? ' is-selected' : ''}`}>
                <input
                  type="radio"
                  name="target-mode"
                  value={mode.value}
                  checked={state.mode === mode.value}
                  onChange={() => state.setMode(mode.value)}
                  aria-describedby={`mode-${mode.value}-detail`}
                />
                <span>
                  <span className="radio-card-title">{mode.label}</span>
                  <span className="radio-card-detail" id={`mode-${mode.value}-detail`}>
                    {mode.detail}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        {state.mode === 'create' && state.rows.length > 0 && (
          <SchemaEditor state={state} isLoaded={isLoaded} setLoaded={setLoaded} createSql={createSql} />
        )}
        {state.mode !== 'create' && state.exists && state.loadedColumns.length > 0 && (
          <MappingTable state={state} tableColumns={tableColumns} />
        )}
      </fieldset>
    </Step>
  );
}

function SchemaEditor({
  state,
  isLoaded,
  setLoaded,
  createSql,
}: {
  state: TargetState;
  isLoaded: (c: string) => boolean;
  setLoaded: (c: string, on: boolean) => void;
  createSql: RequestState<string>;
}) {
  const problem = schemaProblem(state.schema, state.orderBy);
  const available = state.schema.map((c) => c.name).filter((n) => n && !state.orderBy.includes(n));
  return (
    <div className="schema-editor">
      <h3 className="subheading">Columns of the new table</h3>
      <ScrollRegion label="Columns of the new table">
        <table className="list-table schema-table">
          <caption className="visually-hidden">Columns of the new table</caption>
          <thead>
            <tr>
              <th scope="col">File column</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Nullable</th>
              <th scope="col">Skip</th>
            </tr>
          </thead>
          <tbody>
            {state.rows.map((row, i) => {
              const skipped = !isLoaded(row.fileColumn);
              const types: string[] = kClickHouseTypes.includes(row.base as (typeof kClickHouseTypes)[number])
                ? [...kClickHouseTypes]
                : [row.base, ...kClickHouseTypes];
              const inferredBase = splitNullable(row.inferred).base;
              return (
                <tr key={row.fileColumn} className={skipped ? 'is-skipped' : undefined}>
                  <th scope="row" className="mono">
                    {row.fileColumn}
                  </th>
                  <td>
                    <input
                      type="text"
                      className="mono"
                      aria-label={`Name of column ${row.fileColumn}`}
                      value={row.name}
                      disabled={skipped}
                      onChange={(e) => state.updateRow(row.fileColumn, { name: e.target.value })}
                      spellCheck={false}
                      autoComplete="off"
                    />
                  </td>
                  <td>
                    <select
                      className="mono"
                      aria-label={`Type of column ${row.fileColumn}`}
                      value={row.base}
                      disabled={skipped}
                      onChange={(e) => state.updateRow(row.fileColumn, { base: e.target.value })}
                    >
                      {types.map((type) => (
                        <option key={type} value={type}>
                          {type}
                          {type === inferredBase ? ' (inferred)' : ''}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="center">
                    <input
                      type="checkbox"
                      aria-label={`Column ${row.fileColumn} is Nullable`}
                      checked={row.nullable}
                      disabled={skipped}
                      onChange={(e) => state.updateRow(row.fileColumn, { nullable: e.target.checked })}
                    />
                  </td>
                  <td className="center">
                    <input
                      type="checkbox"
                      aria-label={`Skip column ${row.fileColumn}`}
                      checked={skipped}
                      onChange={(e) => setLoaded(row.fileColumn, !e.target.checked)}
                      data-row={i}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>

      <div className="form-grid create-options">
        <fieldset className="order-by span-2">
          <legend>ORDER BY</legend>
          <ol className="chips" aria-label="Sorting key, in order">
            {state.orderBy.length === 0 && <li className="muted">No sorting key: ORDER BY tuple()</li>}
            {state.orderBy.map((key, i) => (
              <li key={key} className="chip mono">
                {key}
                <Button
                  variant="ghost"
                  className="chip-remove"
                  aria-label={`Remove ${key} from ORDER BY`}
                  onClick={() => state.setOrderBy(state.orderBy.filter((_, j) => j !== i))}
                >
                  ×
                </Button>
              </li>
            ))}
          </ol>
          {available.length > 0 && (
            <select
              aria-label="Add a column to ORDER BY"
              value=""
              onChange={(e) => e.target.value && state.setOrderBy([...state.orderBy, e.target.value])}
            >
              <option value="">Add a column…</option>
              {available.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </fieldset>
        <Field id="create-partition" label="PARTITION BY (optional)" hint="An expression, e.g. toYYYYMM(created).">
          <input
            id="create-partition"
            type="text"
            className="mono"
            value={state.partitionBy}
            onChange={(e) => state.setPartitionBy(e.target.value)}
            placeholder="none"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={describedBy('create-partition', true)}
          />
        </Field>
        <Field id="create-engine" label="Engine">
          <select id="create-engine" value={state.engine} onChange={(e) => state.setEngine(e.target.value)}>
            {kEngines.map((engine) => (
              <option key={engine} value={engine}>
                {engine}
              </option>
            ))}
          </select>
        </Field>
      </div>

      {problem ? (
        <p className="field-error" role="status">
          {problem}
        </p>
      ) : (
        <div className="create-sql" aria-live="polite">
          <h3 className="subheading">The statement Ferry will run</h3>
          {createSql.status === 'loaded' && (
            <pre className="sql" tabIndex={0} role="region" aria-label="CREATE TABLE statement">
              {createSql.value}
            </pre>
          )}
          {createSql.status === 'loading' && <p className="muted">Writing the CREATE TABLE statement…</p>}
          {createSql.status === 'error' && <ErrorAlert error={createSql.error} title="Could not prepare the CREATE TABLE statement" />}
        </div>
      )}
    </div>
  );
}

function MappingTable({ state, tableColumns }: { state: TargetState; tableColumns: ColumnInfo[] | null }) {
  if (!tableColumns) return <p className="muted">Reading the columns of {state.table.trim()}…</p>;
  const typeOfTable = new Map(tableColumns.map((c) => [c.name, c.type]));
  const fileTypes = new Map(state.rows.map((r) => [r.fileColumn, r.inferred]));
  const problem = mappingProblem(state.map, state.loadedColumns);
  const used = new Set(Object.values(state.map).filter(Boolean));
  const unfilled = tableColumns.filter((c) => !used.has(c.name));
  return (
    <div className="mapping">
      <h3 className="subheading">Which table column each file column goes into</h3>
      <ScrollRegion label="Column mapping">
        <table className="list-table mapping-table">
          <caption className="visually-hidden">Column mapping</caption>
          <thead>
            <tr>
              <th scope="col">File column</th>
              <th scope="col">File type</th>
              <th scope="col">Table column</th>
              <th scope="col">Table type</th>
              <th scope="col">Check</th>
            </tr>
          </thead>
          <tbody>
            {state.loadedColumns.map((fileColumn) => {
              const target = state.map[fileColumn] ?? '';
              const fileType = fileTypes.get(fileColumn) ?? 'String';
              const tableType = target ? (typeOfTable.get(target) ?? '') : '';
              const check = target ? checkTypes(fileType, tableType) : null;
              return (
                <tr key={fileColumn}>
                  <th scope="row" className="mono">
                    {fileColumn}
                  </th>
                  <td className="mono type-text">{fileType}</td>
                  <td>
                    <select
                      className="mono"
                      aria-label={`Table column for ${fileColumn}`}
                      value={target}
                      onChange={(e) => state.setMapping(fileColumn, e.target.value)}
                    >
                      <option value="">(do not load)</option>
                      {tableColumns.map((c) => (
                        <option key={c.name} value={c.name}>
                          {c.name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="mono type-text">{tableType || '—'}</td>
                  <td className={check ? `check check-${check.level}` : 'muted'}>
                    {check ? (
                      <>
                        <span aria-hidden="true">{check.level === 'ok' ? '✓ ' : check.level === 'warn' ? '⚠ ' : '✗ '}</span>
                        {check.message}
                      </>
                    ) : (
                      'Not loaded'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      {problem && (
        <p className="field-error" role="status">
          {problem}
        </p>
      )}
      {!problem && unfilled.length > 0 && (
        <p className="hint">
          {unfilled.map((c) => c.name).join(', ')} {unfilled.length === 1 ? 'gets its' : 'get their'} default value.
        </p>
      )}
    </div>
  );
}
