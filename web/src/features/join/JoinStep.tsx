import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Step } from '../../components/Step';
import type { JoinType } from '../../api';
import type { TableColumnsEntry } from '../columns/useTableColumns';
import { ColumnSelect } from './ColumnSelect';
import { isAsof, kJoinTypes, type AsofOp, type JoinsState } from './useJoins';

interface JoinStepProps {
  number: number;
  state: JoinsState;
  sourceTable: string;
  tableNames: string[];
  /** Qualified columns a key of join `index` may use on its left: the source and earlier joins. */
  leftOptions: (index: number) => string[];
  /** Column names of a joined table, and whether they are still loading. */
  columnsEntry: (table: string) => TableColumnsEntry | undefined;
  onTableChosen: (rowId: number, table: string) => void;
  problem: string | null;
  disabled?: boolean;
}

export function JoinStep(props: JoinStepProps) {
  const { number, state, sourceTable, tableNames, leftOptions, columnsEntry, onTableChosen, problem, disabled } = props;
  const { rows, addJoin, removeJoin, setType, setAsof, addPair, removePair, setPair, defaults, setDefaults } = state;
  const usedTables = new Set([sourceTable, ...rows.map((r) => r.table)]);

  return (
    <Step number={number} title="Join" description="Optional: add columns from other tables, matched on key columns.">
      <fieldset className="plain" disabled={disabled}>
        <legend className="visually-hidden">Joined tables</legend>
        {rows.length === 0 && <p className="muted">No joins: only {sourceTable ? <code>{sourceTable}</code> : 'the source table'} is read.</p>}
        <ol className="join-list">
          {rows.map((row, index) => {
            const n = index + 1;
            const entry = row.table ? columnsEntry(row.table) : undefined;
            const rightColumns = entry?.status === 'loaded' ? entry.columns.map((c) => c.name) : [];
            const left = leftOptions(index);
            const loading = entry?.status === 'loading';
            const qualified = (name: string) => `${row.table}.${name}`;
            return (
              <li key={row.id} className="join-row">
                <fieldset>
                  <legend>Join {n}</legend>
                  <div className="join-head">
                    <div className="field">
                      <label htmlFor={`join-${row.id}-table`}><span className="visually-hidden">Join {n} </span>Table</label>
                      <select id={`join-${row.id}-table`} value={row.table} onChange={(e) => onTableChosen(row.id, e.target.value)}>
                        <option value="">Choose a table…</option>
                        {tableNames
                          .filter((name) => name === row.table || !usedTables.has(name))
                          .map((name) => (
                            <option key={name} value={name}>
                              {name}
                            </option>
                          ))}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`join-${row.id}-type`}><span className="visually-hidden">Join {n} </span>Join type</label>
                      <select id={`join-${row.id}-type`} aria-describedby={`join-${row.id}-type-says`} value={row.type} onChange={(e) => setType(row.id, e.target.value as JoinType)}>
                        {kJoinTypes.map(({ type, label }) => (
                          <option key={type} value={type}>
                            {label}
                          </option>
                        ))}
                      </select>
                      <span className="hint" id={`join-${row.id}-type-says`}>
                        {kJoinTypes.find((k) => k.type === row.type)?.says}
                      </span>
                    </div>
                    <Button variant="ghost" className="remove" onClick={() => removeJoin(row.id)}>
                      Remove join {n}
                    </Button>
                  </div>

                  {entry?.status === 'error' && <ErrorAlert error={entry.error} title={`Could not load the columns of ${row.table}`} />}
                  {row.table && row.type !== 'CROSS' && (
                    <div className="key-pairs">
                      <p className="key-pairs-title">Match rows where</p>
                      {row.pairs.map((pair, p) => {
                        const m = p + 1;
                        return (
                          <div className="key-pair" key={pair.id}>
                            <ColumnSelect
                              id={`join-${row.id}-left-${pair.id}`}
                              context={`Join ${n} key ${m} `}
                              label="Left column"
                              value={pair.left}
                              options={left}
                              onChange={(value) => setPair(row.id, pair.id, 'left', value)}
                            />
                            <span className="equals" aria-hidden="true">
                              =
                            </span>
                            <ColumnSelect
                              id={`join-${row.id}-right-${pair.id}`}
                              context={`Join ${n} key ${m} `}
                              label="Right column"
                              value={pair.right}
                              options={rightColumns}
                              display={qualified}
                              onChange={(value) => setPair(row.id, pair.id, 'right', value)}
                              loading={loading}
                            />
                            <Button
                              variant="ghost"
                              className="remove"
                              onClick={() => removePair(row.id, pair.id)}
                              disabled={row.pairs.length === 1}
                              aria-label={`Remove join ${n} key ${m}`}
                            >
                              Remove
                            </Button>
                          </div>
                        );
                      })}
                      {isAsof(row.type) && (
                        <div className="key-pair">
                          <ColumnSelect
                            id={`join-${row.id}-asof-left`}
                            context={`Join ${n} `}
                            label="ASOF column"
                            value={row.asof.left}
                            options={left}
                            onChange={(value) => setAsof(row.id, { left: value })}
                          />
                          <div className="field">
                            <label htmlFor={`join-${row.id}-asof-op`}>
                              <span className="visually-hidden">Join {n} ASOF </span>Comparison
                            </label>
                            <select id={`join-${row.id}-asof-op`} value={row.asof.op} onChange={(e) => setAsof(row.id, { op: e.target.value as AsofOp })}>
                              {(['>=', '>', '<=', '<'] as AsofOp[]).map((op) => (
                                <option key={op} value={op}>
                                  {op}
                                </option>
                              ))}
                            </select>
                          </div>
                          <ColumnSelect
                            id={`join-${row.id}-asof-right`}
                            context={`Join ${n} ASOF `}
                            label="Closest column"
                            value={row.asof.right}
                            options={rightColumns}
                            display={qualified}
                            onChange={(value) => setAsof(row.id, { right: value })}
                            loading={loading}
                          />
                        </div>
                      )}
                      <Button variant="ghost" onClick={() => addPair(row.id)}>
                        Add key pair to join {n}
                      </Button>
                    </div>
                  )}
                </fieldset>
              </li>
            );
          })}
        </ol>
        {rows.length > 0 && (
          <div className="field checkbox-field">
            <label>
              <input
                type="checkbox"
                checked={defaults === 'sql'}
                onChange={(e) => setDefaults(e.target.checked ? 'sql' : 'clickhouse')}
                aria-describedby="join-defaults-says"
              />{' '}
              Rows without a match get NULL, as in SQL
            </label>
            <span className="hint" id="join-defaults-says">
              Unchecked, ClickHouse fills the other table’s columns with default values ('' and 0) that look like real data
              (arrays cannot be NULL: they stay empty, [], and ClickHouse 18 refuses them unless this is unchecked).
            </span>
          </div>
        )}
        <div className="actions">
          <Button onClick={addJoin} disabled={!sourceTable || tableNames.length < 2}>
            Add table
          </Button>
          {!sourceTable && <span className="hint">Choose the source table in step 4 first.</span>}
        </div>
        {problem && <p className="notice">{problem}</p>}
      </fieldset>
    </Step>
  );
}
