import { useEffect, useRef, type ChangeEvent } from 'react';
import type { FileSchema } from '../../api';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describedBy, Field } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { Step } from '../../components/Step';
import { formatBytes, formatDateTime, percent } from '../../lib/format';
import type { Direction } from '../direction/useDirection';
import { SplitFields } from '../split/SplitFields';
import type { SplitState } from '../split/useSplit';
import { DialectFields } from './DialectFields';
import { FileSetFields } from './FileSetFields';
import { delimiterName } from './dialect';
import type { FileSourceState } from './useFileSource';

interface FileStepProps {
  number: number;
  direction: Direction;
  state: FileSourceState;
  /** Export: a file of that name exists (and was not just written by this page). */
  outputExists: boolean;
  /** Import: what the server read from the file (columns, dialect, sniffer warning). */
  schema: FileSchema | null;
  /** Export: cut into several files. */
  split?: SplitState;
  disabled?: boolean;
}

export function FileStep({ number, direction, state, outputExists, schema, split, disabled }: FileStepProps) {
  return direction === 'import' ? (
    <InputFile number={number} state={state} schema={schema} disabled={disabled} />
  ) : (
    <OutputFile number={number} state={state} outputExists={outputExists} split={split} disabled={disabled} />
  );
}

interface InputFileProps {
  number: number;
  state: FileSourceState;
  schema: FileSchema | null;
  disabled?: boolean | undefined;
}

function InputFile({ number, state, schema, disabled }: InputFileProps) {
  const { files, refresh, selected, select, selectedFile, upload, startUploads, confirmReplace, keepExisting, cancelUpload, picked } = state;
  const delimiterRef = useRef<HTMLDivElement>(null);
  const replaceRef = useRef<HTMLButtonElement>(null);
  const focusNext = () => delimiterRef.current?.querySelector<HTMLElement>('select, input')?.focus();
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(event.target.files ?? [])];
    // After an upload the next thing to check is how the file is read: focus moves there. Several files
    // chosen at once are one import.
    if (chosen.length > 0) void startUploads(chosen).then((ok) => ok && focusNext());
    event.target.value = ''; // Allow uploading the same file again.
  };
  const uploading = upload.status === 'uploading';
  const confirming = upload.status === 'confirm' || upload.status === 'confirm-many';
  useEffect(() => {
    if (confirming) replaceRef.current?.focus();
  }, [confirming]);
  const detected = schema?.detected ?? null;
  const warning = schema?.warning ?? null;

  return (
    <Step number={number} title="Input file" description="Pick a file from the server's data directory, or upload one.">
      <fieldset className="plain" disabled={disabled}>
        <legend className="visually-hidden">Input file</legend>
        <div className="form-grid file-choice">
          <Field
            id="file-existing"
            label="File in the data directory"
            className="span-2"
            hint={
              picked.length > 1
                ? `The first of ${picked.length} files; choosing another here imports that file alone.`
                : selectedFile
                  ? `${formatBytes(selectedFile.size)} · modified ${formatDateTime(selectedFile.modified)}`
                  : undefined
            }
          >
            <div className="input-with-button">
              <select
                id="file-existing"
                value={selected}
                onChange={(e) => select(e.target.value)}
                aria-describedby={describedBy('file-existing', selectedFile || picked.length > 1)}
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
          <Field id="file-upload" label="Upload a file" className="span-2" hint="Choose several files to import them as one job.">
            <input id="file-upload" type="file" multiple aria-describedby="file-upload-hint" accept=".csv,.tsv,.txt,.psv,.gz,.zst,text/csv,text/tab-separated-values,text/plain" onChange={onFile} disabled={uploading} />
          </Field>
        </div>
        <FileSetFields state={state} disabled={disabled} />
        {files.status === 'error' && <ErrorAlert error={files.error} title="Could not list the data directory" />}

        {upload.status !== 'idle' && (
          <div className="upload-status" aria-live="polite">
            {upload.status === 'confirm' && (
              <div className="alert alert-warning" role="alertdialog" aria-labelledby="upload-confirm-title" aria-describedby="upload-confirm-text">
                <strong id="upload-confirm-title">{upload.name} already exists</strong>
                <span className="alert-message" id="upload-confirm-text">
                  The data directory already has a file named <code>{upload.name}</code>. Replace it with the one you chose?
                </span>
                <div className="actions">
                  <Button ref={replaceRef} variant="primary" onClick={() => void confirmReplace().then((ok) => ok && focusNext())}>
                    Replace {upload.name}
                  </Button>
                  <Button onClick={keepExisting}>Keep the existing file</Button>
                </div>
              </div>
            )}
            {upload.status === 'confirm-many' && (
              <div className="alert alert-warning" role="alertdialog" aria-labelledby="upload-confirm-title" aria-describedby="upload-confirm-text">
                <strong id="upload-confirm-title">
                  {upload.existing.length} of the {upload.files.length} files already exist
                </strong>
                <span className="alert-message" id="upload-confirm-text">
                  The data directory already has {upload.existing.map((name, i) => (
                    <span key={name}>
                      {i > 0 ? ', ' : ''}
                      <code>{name}</code>
                    </span>
                  ))}
                  . Replace them with the ones you chose, or keep them and upload only the others?
                </span>
                <div className="actions">
                  <Button ref={replaceRef} variant="primary" onClick={() => void confirmReplace().then((ok) => ok && focusNext())}>
                    Replace {upload.existing.length === 1 ? 'it' : 'them'}
                  </Button>
                  <Button onClick={() => void keepExisting().then((ok) => ok && focusNext())}>Keep the existing files</Button>
                </div>
              </div>
            )}
            {upload.status === 'uploading' && (
              <>
                <div className="upload-line">
                  <span>
                    Uploading <code>{upload.name}</code>
                    {upload.count && upload.count > 1 ? ` (file ${(upload.index ?? 0) + 1} of ${upload.count})` : ''}: {formatBytes(upload.loaded)} of{' '}
                    {formatBytes(upload.total)}
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
                {upload.count && upload.count > 1 ? (
                  `Uploaded ${upload.count} files, ${formatBytes(upload.size)}.`
                ) : (
                  <>
                    Uploaded <code>{upload.name}</code> ({formatBytes(upload.size)}).
                  </>
                )}
              </p>
            )}
            {upload.status === 'cancelled' && (
              <p className="notice-neutral">
                Upload of <code>{upload.name}</code> cancelled; nothing was saved.
              </p>
            )}
            {upload.status === 'error' && <ErrorAlert error={upload.error} title={`Upload of ${upload.name} failed`} />}
          </div>
        )}

        {selected && warning && (
          <div className="alert alert-warning sniff-warning" role="status">
            <strong>Check how the file is read</strong>
            <span className="alert-message">{warning}</span>
            {schema?.proposed?.trim ? (
              <div className="actions">
                <Button variant="primary" onClick={() => state.setTrim(true)}>
                  Drop those spaces
                </Button>
              </div>
            ) : (
              detected && (
                <div className="actions">
                  <Button variant="primary" onClick={() => state.applyDetected(detected)}>
                    Use {delimiterName(detected.delimiter)}
                    {detected.header ? ' with a header' : ''}
                  </Button>
                </div>
              )
            )}
          </div>
        )}
        <div ref={delimiterRef}>
          <DialectFields state={state} dialect={state.input} reading />
        </div>
        {selected && schema?.dialect?.confidence !== undefined && (
          <p className="hint">
            Detected with {Math.round((schema.dialect.confidence ?? 0) * 100)}% confidence. Every choice above can be changed; the columns reload by themselves.
          </p>
        )}
      </fieldset>
    </Step>
  );
}

interface OutputFileProps {
  number: number;
  state: FileSourceState;
  outputExists: boolean;
  split?: SplitState | undefined;
  disabled?: boolean | undefined;
}

function OutputFile({ number, state, outputExists, split, disabled }: OutputFileProps) {
  const splitting = split?.form.enabled ?? false;
  const { outputName, setOutputName, outputError, output } = state;
  const showError = outputName !== '' ? outputError : null;
  const hint = outputExists
    ? 'A file with this name exists and will be replaced.'
    : "Written to the server's data directory. The name follows the table until you type one.";
  return (
    <Step number={number} title="Output file" description="Name the file to write and how to delimit it.">
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
        <DialectFields state={state} dialect={output} reading={false} />
        {split && <SplitFields split={split} outputName={outputName} disabled={disabled} />}
        {outputName.trim() && !outputError && !splitting && (
          <p className="summary-line">
            Rows are written to <code>{outputName.trim()}</code>, {delimiterName(output.delimiter)}-separated, {output.header ? 'with' : 'without'} a
            header row.
            {outputExists && <strong className="warn-text"> The existing file will be replaced.</strong>}
          </p>
        )}
      </fieldset>
    </Step>
  );
}
