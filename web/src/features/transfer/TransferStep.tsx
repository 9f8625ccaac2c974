import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError, fileDownloadUrl, type Job, type LoadPlan } from '../../api';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBar, type StatusTone } from '../../components/StatusBar';
import { Step } from '../../components/Step';
import { formatBytes, formatCount, formatDuration, formatMegabytesPerSecond, formatRowRate } from '../../lib/format';
import type { RequestState } from '../../lib/useDebouncedRequest';
import type { BadRowPolicy } from './badRows';
import { committedRows, conflictText, outcomeOf } from './outcome';
import { progressOf } from './progress';
import { fileCountText, manifestOf } from '../split/manifest';
import { ManifestView } from '../split/ManifestView';
import type { TransferHook } from './useTransfer';

interface TransferStepProps {
  number: number;
  direction: 'import' | 'export';
  transfer: TransferHook;
  /** One sentence describing what Start will do. */
  summary: string | null;
  blocker: string | null;
  onStart: () => void;
  /** Imports: what happens to a row that cannot be loaded. */
  badRows: BadRowPolicy;
  /** Imports: how the load commits (POST /api/clickhouse/load_plan), when it can be asked. */
  plan: RequestState<LoadPlan>;
  /** Imports into a new table. */
  creating: boolean;
}

function toneOf(job: Job | null, status: string): StatusTone {
  if (status === 'rejected') return 'error';
  if (status === 'conflict') return 'warning';
  if (!job) return status === 'starting' ? 'active' : 'idle';
  switch (job.status) {
    case 'completed':
      return 'success';
    case 'failed':
      return 'error';
    case 'cancelled':
    case 'interrupted':
      return 'warning';
    default:
      return 'active';
  }
}

/** `t` in server or page text as <code>t</code>. */
export function withCode(text: string): ReactNode[] {
  return text.split(/`([^`]*)`/).map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

export function TransferStep(props: TransferStepProps) {
  const { number, direction, transfer, summary, blocker, onStart, badRows, plan, creating } = props;
  const { state, cancel, busy, reset, startAgain } = transfer;
  const job = state.status === 'running' || state.status === 'finished' ? state.job : null;
  const phase =
    state.status === 'idle'
      ? 'Ready'
      : state.status === 'starting'
        ? 'Connecting'
        : state.status === 'rejected'
          ? 'Error'
          : state.status === 'conflict'
            ? 'Waiting for your decision'
            : job?.status === 'interrupted'
              ? 'Interrupted'
              : (job?.phase ?? 'Connecting');
  const cancelling = state.status === 'running' && state.cancelling;
  const succeeded = state.status === 'finished' && state.job.status === 'completed';
  const verb = direction === 'export' ? 'Export' : 'Import';

  // Focus follows the work: to Cancel while it runs, to the result when it ends, to the question on a 409.
  const cancelRef = useRef<HTMLButtonElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const againRef = useRef<HTMLButtonElement>(null);
  const focusKey = state.status === 'finished' ? `finished:${state.job.id}` : state.status;
  const followFocus = useRef(false);
  useEffect(() => {
    if (!followFocus.current) return;
    if (state.status === 'running') cancelRef.current?.focus();
    else if (state.status === 'finished' || state.status === 'rejected') {
      resultRef.current?.focus();
      followFocus.current = false;
    } else if (state.status === 'conflict') againRef.current?.focus();
  }, [focusKey]);
  const onStartClick = () => {
    followFocus.current = true;
    onStart();
  };
  // "Skip bad rows and load the rest" after an all-or-nothing import stopped at one: the policy changes
  // first, and the import starts again once the page has the new choice.
  const startSkipping = useRef(false);
  const skipBadRows = () => {
    startSkipping.current = true;
    badRows.setOnError('skip');
  };
  useEffect(() => {
    if (startSkipping.current && badRows.onError === 'skip' && badRows.fields) {
      startSkipping.current = false;
      onStartClick();
    }
  }, [badRows.onError, badRows.fields]);

  return (
    <Step
      number={number}
      title="Transfer"
      description={
        job && state.status !== 'idle' && 'meta' in state && !summary
          ? `${state.meta.direction === 'export' ? 'Export to' : 'Import into'} ${state.meta.targetName}.`
          : (summary ?? 'Complete the steps above to start.')
      }
    >
      {/* Choices for the next run: hidden while a job runs or right after one succeeded. */}
      {direction === 'import' && !busy && !succeeded && <BadRowFields policy={badRows} disabled={busy} />}
      {direction === 'import' && !busy && !succeeded && <PlanLine plan={plan} creating={creating} />}

      <div className="actions">
        {succeeded ? (
          <Button variant="primary" className="btn-large" onClick={reset}>
            Start a new transfer
          </Button>
        ) : (
          <Button
            variant="primary"
            className="btn-large"
            onClick={onStartClick}
            busy={state.status === 'starting'}
            disabled={busy || blocker !== null || state.status === 'conflict'}
            aria-describedby={blocker ? 'start-blocker' : undefined}
          >
            {busy ? (direction === 'export' ? 'Exporting…' : 'Importing…') : `Start ${verb.toLowerCase()}`}
          </Button>
        )}
        <Button ref={cancelRef} variant="danger" onClick={() => void cancel()} disabled={state.status !== 'running' || cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </Button>
        {blocker && !busy && !succeeded && (
          <span className="hint" id="start-blocker">
            {blocker}
          </span>
        )}
      </div>

      <StatusBar
        label={cancelling ? 'Cancelling' : phase}
        tone={toneOf(job, state.status)}
        detail={
          job ? (
            <>
              job <span className="job-id">{job.id}</span>
            </>
          ) : undefined
        }
      />

      {job && (
        <JobProgress
          job={job}
          direction={state.status === 'running' || state.status === 'finished' ? state.meta.direction : direction}
          expectedRows={state.status === 'running' || state.status === 'finished' ? (state.meta.expectedRows ?? null) : null}
        />
      )}

      <div className="result" aria-live="polite" ref={resultRef} tabIndex={-1}>
        {state.status === 'rejected' && <ErrorAlert error={state.error} title={`The ${verb.toLowerCase()} could not start`} />}
        {state.status === 'conflict' && (
          <div className="alert alert-warning" role="alert">
            <strong>Already loaded</strong>
            <span className="alert-message">{withCode(conflictText(state.previous, state.meta.targetName, state.message))}</span>
            <div className="actions">
              <Button ref={againRef} variant="primary" onClick={() => { followFocus.current = true; void startAgain(); }}>
                Load it again
              </Button>
              <Button onClick={reset}>Do not load</Button>
            </div>
          </div>
        )}
        {state.status === 'finished' && <Result job={state.job} meta={state.meta} onSkipBadRows={skipBadRows} maxErrors={badRows.maxErrorsText} />}
      </div>
    </Step>
  );
}

function Result({
  job,
  meta,
  onSkipBadRows,
  maxErrors,
}: {
  job: Job;
  meta: Parameters<typeof outcomeOf>[1];
  onSkipBadRows: () => void;
  maxErrors: string;
}) {
  const outcome = outcomeOf(job, meta);
  const rejects = job.target?.kind === 'clickhouse' ? job.target.rejects : undefined;
  const manifest = manifestOf(job);
  const className = outcome.tone === 'success' ? 'result-success' : outcome.tone === 'error' ? 'alert alert-error' : 'alert alert-warning';
  return (
    <div className={className}>
      <p className="result-headline">{outcome.headline}</p>
      {outcome.details.map((detail) => (
        <p key={detail} className="result-detail">
          {detail}
        </p>
      ))}
      {job.status === 'completed' && (
        <p className="muted">
          {formatBytes(job.bytes)} in {formatDuration(job.seconds)}
          {job.strategy ? ` · ${job.strategy}` : ''}
          {job.codec && job.codec !== 'none' ? ` · ${job.codec} on the wire` : ''}
        </p>
      )}
      {manifest && <ManifestView view={manifest} />}
      {outcome.offerSkip && (
        <p className="result-detail">
          To load the good rows anyway, skip the bad ones (up to {maxErrors}); they are written to a rejects file with their line and
          reason.
        </p>
      )}
      <div className="actions">
        {outcome.offerSkip && (
          <Button variant="primary" onClick={onSkipBadRows}>
            Skip bad rows and load the rest
          </Button>
        )}
        {meta.direction === 'export' && job.status === 'completed' && !job.manifest_path && (
          <a className="btn btn-secondary download" href={fileDownloadUrl(meta.targetName)} download={meta.targetName.split('/').pop()}>
            Download {meta.targetName}
          </a>
        )}
        {rejects && (job.rejected ?? 0) > 0 && (
          <a className="btn btn-secondary download" href={fileDownloadUrl(rejects)} download={rejects.split('/').pop()}>
            Download the rejected rows
          </a>
        )}
      </div>
    </div>
  );
}

function BadRowFields({ policy, disabled }: { policy: BadRowPolicy; disabled: boolean }) {
  return (
    <fieldset className="bad-row-choice" disabled={disabled}>
      <legend>On a bad row</legend>
      <label className="radio">
        <input type="radio" name="on-error" checked={policy.onError === 'abort'} onChange={() => policy.setOnError('abort')} />
        Stop (nothing is loaded)
      </label>
      <div className="radio-with-input">
        <label className="radio">
          <input type="radio" name="on-error" checked={policy.onError === 'skip'} onChange={() => policy.setOnError('skip')} />
          Skip it, up to
        </label>
        <input
          type="number"
          min={1}
          className="narrow"
          aria-label="Most bad rows to skip"
          value={policy.maxErrorsText}
          onChange={(e) => policy.setMaxErrorsText(e.target.value)}
          onFocus={() => policy.setOnError('skip')}
          aria-invalid={policy.problem ? true : undefined}
          aria-describedby={policy.problem ? 'max-errors-error' : undefined}
        />
        <span>bad rows, and write them to a rejects file</span>
      </div>
      {policy.problem && (
        <p className="field-error" id="max-errors-error">
          {policy.problem}
        </p>
      )}
    </fieldset>
  );
}

function PlanLine({ plan, creating }: { plan: RequestState<LoadPlan>; creating: boolean }) {
  if (plan.status === 'loaded') {
    const p = plan.value;
    return (
      <div className={`plan${p.warning ? ' alert alert-warning' : ''}`} aria-live="polite">
        <p>
          <strong>How it loads:</strong> {p.note || p.strategy}
          {!/all or nothing/i.test(p.note ?? '') && <span className="muted"> ({p.atomic ? 'all or nothing' : 'not all or nothing'})</span>}
        </p>
        {p.warning && <p className="alert-message">{p.warning}</p>}
        {creating && <p className="muted">A new table is dropped again if the load does not complete.</p>}
      </div>
    );
  }
  if (plan.status === 'error' && plan.error instanceof ApiError && plan.error.status !== 404) {
    return <ErrorAlert error={plan.error} title="This table cannot be loaded" />;
  }
  return null;
}

function JobProgress({ job, direction, expectedRows }: { job: Job; direction: 'import' | 'export'; expectedRows: number | null }) {
  const view = progressOf(job, expectedRows);
  const files = fileCountText(job);
  const total = job.total_bytes ?? null;
  const tone = job.status === 'completed' ? 'success' : job.status === 'failed' ? 'error' : view.finished ? 'neutral' : 'active';
  const rowsLabel = direction === 'import' ? 'Rows read' : 'Rows';
  const read = direction === 'import' && typeof job.rows_read === 'number' ? job.rows_read : job.rows;
  const valueText =
    job.status === 'completed'
      ? 'Completed'
      : view.percent === null
        ? `${formatCount(read)} rows, ${formatBytes(job.bytes)} so far`
        : view.basis === 'rows'
          ? `${Math.round(view.percent)}% — about ${formatCount(job.rows)} of ${formatCount(expectedRows ?? 0)} rows`
          : `${Math.round(view.percent)}% — ${formatBytes(job.bytes)} of ${formatBytes(total ?? job.bytes)}`;
  return (
    <div className="job-progress">
      <ProgressBar label="Transfer progress" value={view.percent} valueText={valueText} tone={tone} running={!view.finished} />
      <dl className="stats">
        {files && (
          <div>
            <dt>Files</dt>
            <dd>
              {files}
              {job.current_file && !view.finished ? <span className="muted mono"> {job.current_file.split('/').pop()}</span> : null}
            </dd>
          </div>
        )}
        <div>
          <dt>{rowsLabel}</dt>
          <dd>
            {formatCount(read)}
            {view.basis === 'rows' && !view.finished ? <span className="muted"> of ~{formatCount(expectedRows ?? 0)}</span> : null}
          </dd>
        </div>
        {direction === 'import' && view.finished && (
          <div>
            <dt>Rows loaded</dt>
            <dd>{committedRows(job) === null ? '—' : formatCount(committedRows(job) ?? 0)}</dd>
          </div>
        )}
        <div>
          <dt>Data</dt>
          <dd>
            {formatBytes(job.bytes)}
            {total ? <span className="muted"> of {formatBytes(total)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{formatRowRate(read, job.seconds)}</dd>
        </div>
        <div>
          <dt>Throughput</dt>
          <dd>{formatMegabytesPerSecond(job.bytes, job.seconds)}</dd>
        </div>
        <div>
          <dt>{view.finished ? 'Elapsed' : 'Time left'}</dt>
          <dd>{view.finished ? formatDuration(job.seconds) : view.secondsLeft === null ? '—' : formatDuration(view.secondsLeft)}</dd>
        </div>
      </dl>
    </div>
  );
}
