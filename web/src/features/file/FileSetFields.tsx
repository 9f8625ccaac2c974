import { useId, useState } from 'react';
import { Button } from '../../components/Button';
import { formatBytes } from '../../lib/format';
import { foldersOf, isDataFile } from './fileSet';
import type { FileSourceState } from './useFileSource';

/**
 * Several files as one import: the picked list (count and total size, each removable), a folder of the
 * data directory picked whole, or files ticked one by one. The first file is read for the columns.
 */
export function FileSetFields({ state, disabled }: { state: FileSourceState; disabled?: boolean | undefined }) {
  const { files, picked, pickedSummary, togglePicked, pickFolder, pickFiles } = state;
  const folders = foldersOf(files.files);
  const [folder, setFolder] = useState('');
  const chosenFolder = folder || folders[0]?.folder || '';
  const listId = useId();
  const dataFiles = files.files.filter((f) => isDataFile(f.name));
  const sizes = new Map(files.files.map((f) => [f.name, f.size]));

  return (
    <div className="file-set">
      {picked.length > 1 && (
        <div className="picked-files" aria-live="polite">
          <p className="summary-line" id={`${listId}-summary`}>
            <strong>{pickedSummary.text}</strong> will be imported as one job, all or nothing. The columns are read from{' '}
            <code>{picked[0]}</code>; every file must have the same header.
          </p>
          <ul className="picked-list" aria-label="Files to import">
            {picked.map((name) => (
              <li key={name}>
                <span className="mono">{name}</span>
                <span className="muted">{formatBytes(sizes.get(name) ?? 0)}</span>
                <Button variant="ghost" onClick={() => pickFiles(picked.filter((n) => n !== name))} disabled={disabled}>
                  Remove<span className="visually-hidden"> {name}</span>
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <details className="file-set-picker">
        <summary>Import several files, or a folder, as one job</summary>
        {folders.length > 0 && (
          <div className="field">
            <label htmlFor="file-folder">Folder in the data directory</label>
            <div className="input-with-button">
              <select id="file-folder" value={chosenFolder} onChange={(e) => setFolder(e.target.value)} disabled={disabled}>
                {folders.map((f) => (
                  <option key={f.folder} value={f.folder}>
                    {f.folder}/ — {f.files.length} {f.files.length === 1 ? 'file' : 'files'}, {formatBytes(f.size)}
                  </option>
                ))}
              </select>
              <Button onClick={() => pickFolder(chosenFolder)} disabled={disabled || !chosenFolder}>
                Pick every file in it
              </Button>
            </div>
          </div>
        )}
        <fieldset className="plain file-checklist">
          <legend>Files to import together</legend>
          {dataFiles.length === 0 ? (
            <p className="muted">No data files yet — upload some.</p>
          ) : (
            <ul className="checklist">
              {dataFiles.map((f) => (
                <li key={f.name}>
                  <label className="checkbox">
                    <input type="checkbox" checked={picked.includes(f.name)} onChange={() => togglePicked(f.name)} disabled={disabled} />
                    <span className="mono">{f.name}</span> <span className="muted">{formatBytes(f.size)}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      </details>
    </div>
  );
}
