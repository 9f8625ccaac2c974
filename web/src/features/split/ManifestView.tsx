import { fileDownloadUrl } from '../../api';
import { ScrollRegion } from '../../components/ScrollRegion';
import { formatBytes, formatCount } from '../../lib/format';
import type { ManifestView as View } from './manifest';

/** The files a split export wrote, from its manifest, each with a download link; and the manifest. */
export function ManifestView({ view }: { view: View }) {
  const manifestName = view.manifestPath.split('/').pop() ?? view.manifestPath;
  const hasPartition = view.files.some((f) => f.partition !== undefined);
  return (
    <div className="manifest-view">
      <p className="result-detail">
        {formatCount(view.files.length)} {view.files.length === 1 ? 'file' : 'files'}, {formatCount(view.rows)} rows, {formatBytes(view.bytes)} ·{' '}
        <a href={fileDownloadUrl(view.manifestPath)} download={manifestName}>
          Download the manifest<span className="visually-hidden"> {manifestName}</span>
        </a>
      </p>
      <ScrollRegion label="Files written">
        <table className="data-grid manifest-table">
          <caption className="visually-hidden">Files written, from {manifestName}</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              {hasPartition && <th scope="col">Partition</th>}
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Bytes
              </th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {view.files.map((file) => (
              <tr key={file.path}>
                <td>
                  <a href={fileDownloadUrl(file.path)} download={file.name}>
                    <span className="visually-hidden">Download </span>
                    {file.name}
                  </a>
                </td>
                {hasPartition && <td className="mono">{file.partition === null ? 'NULL' : (file.partition ?? '')}</td>}
                <td className="num">{formatCount(file.rows)}</td>
                <td className="num">{formatBytes(file.bytes)}</td>
                <td className="mono sha">{file.sha256}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
