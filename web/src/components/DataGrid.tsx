import type { Cell } from '../api';

interface DataGridProps {
  caption: string;
  columns: string[];
  rows: Cell[][];
}

function renderCell(value: Cell) {
  if (value === null || value === undefined) return <span className="null">NULL</span>;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** A plain, scrollable <table> of rows; NULL is shown dimmed so it differs from the text "NULL". */
export function DataGrid({ caption, columns, rows }: DataGridProps) {
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
              <th scope="col" key={`${i}:${column}`}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              <td className="grid-rownum">{r + 1}</td>
              {columns.map((_, c) => (
                <td key={c} className={typeof row[c] === 'number' ? 'num' : undefined}>
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
