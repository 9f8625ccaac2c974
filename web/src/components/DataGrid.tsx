import type { Cell } from '../api';

interface DataGridProps {
  caption: string;
  columns: string[];
  rows: Cell[][];
  /** ClickHouse types of the columns, when known: shown under the names; numbers align right. */
  types?: string[] | undefined;
}

const kNumeric = /^(Nullable\()?(LowCardinality\()?(U?Int\d+|Float\d+|Decimal)/;

export function isNumericType(type: string | undefined): boolean {
  return type !== undefined && kNumeric.test(type);
}

function renderCell(value: Cell) {
  if (value === null || value === undefined) return <span className="null">NULL</span>;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** A plain, scrollable <table> of rows; NULL is shown dimmed so it differs from the text "NULL". */
export function DataGrid({ caption, columns, rows, types }: DataGridProps) {
  const numeric = columns.map((_, c) => isNumericType(types?.[c]));
  return (
    <div className="grid-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="grid">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="grid-rownum">
              <span className="visually-hidden">Row</span>#
            </th>
            {columns.map((column, i) => (
              <th scope="col" key={`${i}:${column}`} className={numeric[i] ? 'num' : undefined}>
                {column}
                {types?.[i] && (
                  <span className="grid-type">
                    <span className="visually-hidden">, type </span>
                    {types[i]}
                  </span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              <td className="grid-rownum">{r + 1}</td>
              {columns.map((_, c) => (
                <td key={c} className={numeric[c] || typeof row[c] === 'number' ? 'num' : undefined}>
                  {renderCell(row[c] ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
