import { ApiError, errorTitle, fileDownloadUrl, type Job } from '../../api';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBar, type StatusTone } from '../../components/StatusBar';
import { Step } from '../../components/Step';
import { formatBytes, formatCount, formatDuration, formatMegabytesPerSecond, formatRowRate, plural } from '../../lib/format';
import { progressOf } from './progress';
import type { TransferHook } from './useTransfer';

interface TransferStepProps {
  transfer: TransferHook;
  /** One sentence describing what Start will do. */
  summary: string | null;
  blocker: string | null;
  onStart: () => void;
}

function toneOf(job: Job | null, status: string): StatusTone {
  if (status === 'rejected') return 'error';
  if (!job) return status === 'starting' ? 'active' : 'idle';
  switch (job.status) {
    case 'completed':
      return 'success';
    case 'failed':
      return 'error';
    case 'cancelled':
      return 'warning';
    default:
      return 'active';
  }
}

export function TransferStep({ transfer, summary, blocker, onStart }: TransferStepProps) {
  const { state, cancel, busy } = transfer;
  const job = state.status === 'running' || state.status === 'finished' ? state.job : null;
  const phase =
    state.status === 'idle'
      ? 'Ready'
      : state.status === 'starting'
        ? 'Connecting'
        : state.status === 'rejected'
          ? 'Error'
          : job?.phase ?? 'Connecting';
  const cancelling = state.status === 'running' && state.cancelling;

  return (
    <Step number={8} title="Transfer" description={summary ?? 'Complete the steps above to start.'}>
      <div className="actions">
        <Button
          variant="primary"
          className="btn-large"
          onClick={onStart}
          busy={state.status === 'starting'}
          disabled={busy || blocker !== null}
          aria-describedby={blocker ? 'start-blocker' : undefined}
        >
          Start Ingestion
        </Button>
        <Button variant="danger" onClick={() => void cancel()} disabled={state.status !== 'running' || cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </Button>
        {blocker && !busy && (
          <span className="hint" id="start-blocker">
            {blocker}
          </span>
        )}
      </div>

      <StatusBar label={cancelling ? 'Cancelling' : phase} tone={toneOf(job, state.status)} detail={job ? `job ${job.id}` : undefined} />

      {job && <JobProgress job={job} expectedRows={state.status === 'running' || state.status === 'finished' ? (state.meta.expectedRows ?? null) : null} />}

      <div className="result" aria-live="polite">
        {state.status === 'rejected' && <ErrorAlert error={state.error} />}
        {state.status === 'finished' && job?.status === 'completed' && (
          <div className="result-success">
            <p className="result-headline">Completed: {plural(job.rows, 'record')}</p>
            <p className="muted">
              {formatBytes(job.bytes)} in {formatDuration(job.seconds)}
              {state.meta.direction === 'import' ? (
                <>
                  {' '}
                  into <code>{state.meta.targetName}</code>
                </>
              ) : null}
            </p>
            {state.meta.direction === 'export' && (
              <a className="btn btn-secondary download" href={fileDownloadUrl(state.meta.targetName)} download={state.meta.targetName.split('/').pop()}>
                Download {state.meta.targetName}
              </a>
            )}
          </div>
        )}
        {state.status === 'finished' && job?.status === 'failed' && (
          <ErrorAlert error={jobError(job)} title={errorTitle(job.error?.kind ?? '') === 'Error' ? 'The transfer failed' : undefined} />
        )}
        {state.status === 'finished' && job?.status === 'cancelled' && (
          <p className="notice">Cancelled after {plural(job.rows, 'record')}.</p>
        )}
      </div>
    </Step>
  );
}

function JobProgress({ job, expectedRows }: { job: Job; expectedRows: number | null }) {
  const view = progressOf(job, expectedRows);
  const total = job.total_bytes ?? null;
  const tone = job.status === 'completed' ? 'success' : job.status === 'failed' ? 'error' : job.status === 'cancelled' ? 'neutral' : 'active';
  const valueText =
    view.percent === null
      ? `${formatCount(job.rows)} rows, ${formatBytes(job.bytes)} so far`
      : view.basis === 'rows'
        ? `${Math.round(view.percent)}% — about ${formatCount(job.rows)} of ${formatCount(expectedRows ?? 0)} rows`
        : `${Math.round(view.percent)}% — ${formatBytes(job.bytes)} of ${formatBytes(total ?? job.bytes)}`;
  return (
    <div className="job-progress">
      <ProgressBar label="Transfer progress" value={view.percent} valueText={valueText} tone={tone} running={!view.finished} />
      <dl className="stats">
        <div>
          <dt>Rows</dt>
          <dd>
            {formatCount(job.rows)}
            {view.basis === 'rows' && !view.finished ? <span className="muted"> of ~{formatCount(expectedRows ?? 0)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Data</dt>
          <dd>
            {formatBytes(job.bytes)}
            {total ? <span className="muted"> of {formatBytes(total)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{formatRowRate(job.rows, job.seconds)}</dd>
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
function jobError(job: Job): ApiError {
  return new ApiError(job.error?.kind ?? 'error', job.error?.message ?? 'The transfer failed without saying why.', 0);
}
