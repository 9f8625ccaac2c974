import type { ChangeEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describedBy, Field } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { Step } from '../../components/Step';
import { formatBytes, formatDateTime, percent } from '../../lib/format';
import type { Direction } from '../direction/useDirection';
import { DialectFields } from './DialectFields';
import type { FileSourceState } from './useFileSource';

interface FileStepProps {
  direction: Direction;
  state: FileSourceState;
  /** Export: a file of that name exists (and was not just written by this page). */
  outputExists: boolean;
  disabled?: boolean;
}

export function FileStep({ direction, state, outputExists, disabled }: FileStepProps) {
  return direction === 'import' ? (
    <InputFile state={state} disabled={disabled} />
  ) : (
    <OutputFile state={state} outputExists={outputExists} disabled={disabled} />
  );
}

function InputFile({ state, disabled }: { state: FileSourceState; disabled?: boolean | undefined }) {
  const { files, refresh, selected, select, selectedFile, upload, startUpload, cancelUpload } = state;
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) void startUpload(file);
    event.target.value = ''; // Allow uploading the same file again.
  };
  const uploading = upload.status === 'uploading';

  return (
    <Step number={3} title="Flat file" description="Pick a file from the server's data directory, or upload one.">
      <fieldset className="plain" disabled={disabled}>
        <legend className="visually-hidden">Input file</legend>
        <div className="form-grid file-choice">
          <Field
            id="file-existing"
            label="File in the data directory"
            className="span-2"
            hint={selectedFile ? `${formatBytes(selectedFile.size)} · modified ${formatDateTime(selectedFile.modified)}` : undefined}
          >
            <div className="input-with-button">
              <select
                id="file-existing"
                value={selected}
                onChange={(e) => select(e.target.value)}
                aria-describedby={describedBy('file-existing', selectedFile)}
              >
                <option value="">
                  {files.status === 'loading' && files.files.length === 0
                    ? 'Loading files…'
                    : files.files.length === 0
                      ? 'No files yet — upload one'
                      : 'Choose a file…'}
                </option>
                {files.files.map((file) => (
                  <option key={file.name} value={file.name}>
                    {file.name} — {formatBytes(file.size)}
                  </option>
                ))}
              </select>
              <Button onClick={() => void refresh()} busy={files.status === 'loading'} aria-label="Refresh the file list">
                Refresh
              </Button>
            </div>
          </Field>
          <Field id="file-upload" label="Upload a file" className="span-2">
            <input id="file-upload" type="file" accept=".csv,.tsv,.txt,.psv,.gz,.zst,text/csv,text/tab-separated-values,text/plain" onChange={onFile} disabled={uploading} />
          </Field>
        </div>
        {files.status === 'error' && <ErrorAlert error={files.error} title="Could not list the data directory" />}

        {upload.status !== 'idle' && (
          <div className="upload-status">
            {upload.status === 'uploading' && (
              <>
                <div className="upload-line">
                  <span>
                    Uploading <code>{upload.name}</code>: {formatBytes(upload.loaded)} of {formatBytes(upload.total)}
                  </span>
                  <Button variant="ghost" onClick={cancelUpload}>
                    Cancel upload
                  </Button>
                </div>
                <ProgressBar
                  label="Upload progress"
                  value={percent(upload.loaded, upload.total)}
                  valueText={`${Math.round(percent(upload.loaded, upload.total) ?? 0)}% — ${formatBytes(upload.loaded)} of ${formatBytes(upload.total)}`}
                />
              </>
            )}
            {upload.status === 'done' && (
              <p className="ok-note">
                Uploaded <code>{upload.name}</code> ({formatBytes(upload.size)}).
              </p>
            )}
            {upload.status === 'error' && <ErrorAlert error={upload.error} title={`Upload of ${upload.name} failed`} />}
          </div>
        )}

        <DialectFields state={state} />
      </fieldset>
    </Step>
  );
}

function OutputFile({ state, outputExists, disabled }: { state: FileSourceState; outputExists: boolean; disabled?: boolean | undefined }) {
  const { outputName, setOutputName, outputError } = state;
  const showError = outputName !== '' ? outputError : null;
  const hint = outputExists ? 'A file with this name exists and will be replaced.' : "Written to the server's data directory.";
  return (
    <Step number={3} title="Flat file" description="Name the file to write and how to delimit it.">
      <fieldset className="plain" disabled={disabled}>
        <legend className="visually-hidden">Output file</legend>
        <div className="form-grid">
          <Field id="file-output" label="Output file name" className="span-2" hint={hint} error={showError}>
            <input
              id="file-output"
              type="text"
              className="mono"
              value={outputName}
              placeholder="export.csv"
              onChange={(e) => setOutputName(e.target.value)}
              aria-invalid={showError ? true : undefined}
              aria-describedby={describedBy('file-output', hint, showError)}
              autoComplete="off"
              spellCheck={false}
            />
          </Field>
        </div>
        <DialectFields state={state} />
      </fieldset>
    </Step>
  );
}
