import { useCallback, useEffect, useRef, useState } from 'react';
import { listJobs, type Job } from '../../api';

export type JobsState = { status: 'loading'; jobs: Job[] } | { status: 'loaded'; jobs: Job[] } | { status: 'error'; jobs: Job[]; error: unknown };

const kRefreshMs = 2000;

/** The server's job records, newest first; refreshed every few seconds while one is running. */
export function useJobs() {
  const [state, setState] = useState<JobsState>({ status: 'loading', jobs: [] });
  const controller = useRef<AbortController | null>(null);

  const refresh = useCallback(async () => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    try {
      const jobs = await listJobs(abort.signal);
      if (!abort.signal.aborted) setState({ status: 'loaded', jobs });
      return jobs;
    } catch (error) {
      if (!abort.signal.aborted) setState((current) => ({ status: 'error', jobs: current.jobs, error }));
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
    return () => controller.current?.abort();
  }, [refresh]);

  const anyRunning = state.jobs.some((job) => job.status === 'running' || job.status === 'queued');
  useEffect(() => {
    if (!anyRunning) return;
    const timer = window.setInterval(() => void refresh(), kRefreshMs);
    return () => window.clearInterval(timer);
  }, [anyRunning, refresh]);

  return { state, refresh };
}

export type JobsHook = ReturnType<typeof useJobs>;
