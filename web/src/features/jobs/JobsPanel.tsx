import { useState } from 'react';
import { fileDownloadUrl, type Job } from '../../api';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount, formatDateTime, formatDuration } from '../../lib/format';
import { fileCountText } from '../split/manifest';
import { committedRows, rowsRead } from '../transfer/outcome';
import type { JobsHook } from './useJobs';

interface JobsPanelProps {
  jobs: JobsHook;
  /** Shows the job in the transfer step (and follows it when it runs). */
  onOpen: (job: Job) => void;
  /** The job the transfer step shows now. */
  currentId: string | null;
}

const kStatusText: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

/** What a job moved, in a few words: "people.csv → people" or "orders → orders.csv". */
export function jobTitle(job: Job): string {
  const end = (endpoint: Job['source']) =>
    !endpoint
      ? '?'
      : endpoint.kind === 'file'
        ? (endpoint.paths?.length ?? 0) > 1
          ? `${endpoint.path} + ${endpoint.paths!.length - 1} more`
          : endpoint.path
        : endpoint.table + (endpoint.join?.length ? ` + ${endpoint.join.length} joined` : '');
  return `${end(job.source)} → ${end(job.target)}`;
}

/** Counts as a person checks them: what is in the target now, and what was read. */
export function jobCounts(job: Job): string {
  const isImport = (job.kind ?? (job.source?.kind === 'file' ? 'import' : 'export')) === 'import';
  if (!isImport) return job.status === 'completed' ? `${formatCount(job.rows)} rows written` : `${formatCount(job.rows)} rows read; no file written`;
  const committed = committedRows(job);
  const loaded = committed === null ? 'unknown rows loaded' : `${formatCount(committed)} loaded`;
  const rejected = job.rejected ? `, ${formatCount(job.rejected)} skipped` : '';
  return `${loaded} of ${formatCount(rowsRead(job))} read${rejected}`;
}

const kShown = 8;

export function JobsPanel({ jobs, onOpen, currentId }: JobsPanelProps) {
  const { state, refresh } = jobs;
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? state.jobs : state.jobs.slice(0, kShown);
  return (
    <section className="step jobs-panel" aria-labelledby="jobs-title" id="jobs">
      <header className="step-header jobs-header">
        <h2 id="jobs-title">Jobs</h2>
        <Button variant="ghost" onClick={() => void refresh()} aria-label="Refresh the job list">
          Refresh
        </Button>
      </header>
      <div className="step-body">
        {state.status === 'error' && <ErrorAlert error={state.error} title="Could not list the jobs" />}
        {state.jobs.length === 0 && state.status !== 'error' && (
          <p className="muted">{state.status === 'loading' ? 'Loading…' : 'No jobs yet. They are kept by the server, also across restarts.'}</p>
        )}
        {state.jobs.length > 0 && (
          <ul className="job-list">
            {shown.map((job) => {
              const rejects = job.target?.kind === 'clickhouse' ? job.target.rejects : undefined;
              // A split export's files are listed by its manifest: that is the download.
              const output = job.target?.kind === 'file' && job.status === 'completed' ? (job.manifest_path ?? job.target.path) : undefined;
              const files = fileCountText(job);
              return (
                <li key={job.id} className={`job-card job-${job.status}${job.id === currentId ? ' is-current' : ''}`}>
                  <div className="job-card-head">
                    <span className={`badge badge-${job.status}`}>{kStatusText[job.status] ?? job.status}</span>
                    <span className="job-card-title mono">{jobTitle(job)}</span>
                  </div>
                  <dl className="job-facts">
                    <div>
                      <dt>Rows</dt>
                      <dd>{jobCounts(job)}</dd>
                    </div>
                    {files && (
                      <div>
                        <dt>Files</dt>
                        <dd>{files}</dd>
                      </div>
                    )}
                    <div>
                      <dt>Duration</dt>
                      <dd>{formatDuration(job.seconds)}</dd>
                    </div>
                    {job.created && (
                      <div>
                        <dt>Started</dt>
                        <dd>{formatDateTime(job.created)}</dd>
                      </div>
                    )}
                  </dl>
                  <div className="actions job-actions">
                    <Button onClick={() => onOpen(job)}>
                      {job.status === 'running' || job.status === 'queued' ? 'Follow' : 'Show result'}
                      <span className="visually-hidden"> of {jobTitle(job)}</span>
                    </Button>
                    {output && (
                      <a className="btn btn-ghost" href={fileDownloadUrl(output)} download={output.split('/').pop()}>
                        {job.manifest_path ? 'Download manifest' : 'Download output'}
                        <span className="visually-hidden"> {output}</span>
                      </a>
                    )}
                    {rejects && (job.rejected ?? 0) > 0 && (
                      <a className="btn btn-ghost" href={fileDownloadUrl(rejects)} download={rejects.split('/').pop()}>
                        Download rejects<span className="visually-hidden"> of {jobTitle(job)}</span>
                      </a>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {state.jobs.length > kShown && (
          <Button variant="ghost" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
            {showAll ? `Show the newest ${kShown}` : `Show all ${state.jobs.length} jobs`}
          </Button>
        )}
      </div>
    </section>
  );
}
