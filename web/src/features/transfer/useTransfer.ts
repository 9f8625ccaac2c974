import { useCallback, useEffect, useRef, useState } from 'react';
import { AlreadyLoaded, cancelJob, getJob, startJobGuarded, subscribeJobEvents, type Job, type JobRequest } from '../../api';

export interface TransferMeta {
  direction: 'export' | 'import';
  /** Export: the file written; import: the table written. */
  targetName: string;
  /** Export of a single table: its row count, for a progress estimate when the server knows no total. */
  expectedRows?: number | null;
}

export type TransferState =
  | { status: 'idle' }
  /** POST /api/jobs in flight: shown as "Connecting". */
  | { status: 'starting'; meta: TransferMeta }
  | { status: 'running'; meta: TransferMeta; job: Job; cancelling: boolean }
  | { status: 'finished'; meta: TransferMeta; job: Job }
  /** The server says this file is already in that table: the person decides. */
  | { status: 'conflict'; meta: TransferMeta; request: JobRequest; message: string; previous: Job | null }
  /** The job could not even be created (bad request, server down). */
  | { status: 'rejected'; meta: TransferMeta; error: unknown };

const kTerminal = new Set(['completed', 'failed', 'cancelled', 'interrupted']);
const kPollMs = 500;

export function isTerminal(job: Job): boolean {
  return kTerminal.has(job.status);
}

/** What the page shows for a job it did not start itself (a reload, or the Jobs panel). */
export function metaOf(job: Job): TransferMeta {
  const direction = job.kind ?? (job.source?.kind === 'file' ? 'import' : 'export');
  const target = job.target;
  const targetName = target?.kind === 'file' ? target.path : target?.kind === 'clickhouse' ? target.table : '';
  return { direction, targetName, expectedRows: null };
}

/** The transfer step: starts a job and follows it over server-sent events, falling back to polling. */
export function useTransfer() {
  const [state, setState] = useState<TransferState>({ status: 'idle' });
  const stopFollowing = useRef<(() => void) | null>(null);

  useEffect(() => () => stopFollowing.current?.(), []);

  const apply = useCallback((meta: TransferMeta, job: Job) => {
    setState((current) => {
      // Another job took over the step, or a late progress event must not undo the end.
      if ((current.status === 'running' || current.status === 'finished') && current.job.id !== job.id) return current;
      if (current.status === 'finished') return current;
      if (isTerminal(job)) return { status: 'finished', meta, job };
      return { status: 'running', meta, job, cancelling: current.status === 'running' && current.cancelling };
    });
  }, []);

  const follow = useCallback(
    (id: string, meta: TransferMeta) => {
      stopFollowing.current?.();
      let stopped = false;
      let timer: number | undefined;
      const poll = async () => {
        if (stopped) return;
        try {
          const job = await getJob(id);
          if (stopped) return;
          apply(meta, job);
          if (isTerminal(job)) return;
        } catch {
          // A hiccup while polling: try again; the job goes on on the server regardless.
        }
        timer = window.setTimeout(() => void poll(), kPollMs);
      };
      const close = subscribeJobEvents(id, {
        onProgress: (job) => apply(meta, job),
        onDone: (job) => {
          // The done event may carry the final job; ask for it to be sure of the final numbers.
          if (job && isTerminal(job)) apply(meta, job);
          void poll();
        },
        onBroken: () => void poll(),
      });
      stopFollowing.current = () => {
        stopped = true;
        close();
        if (timer !== undefined) window.clearTimeout(timer);
      };
    },
    [apply],
  );

  const start = useCallback(
    async (request: JobRequest, meta: TransferMeta) => {
      stopFollowing.current?.();
      setState({ status: 'starting', meta });
      try {
        const id = await startJobGuarded(request);
        setState({
          status: 'running',
          meta,
          cancelling: false,
          job: { id, status: 'queued', phase: 'Connecting', rows: 0, bytes: 0, total_bytes: null, seconds: 0 },
        });
        follow(id, meta);
      } catch (error) {
        if (error instanceof AlreadyLoaded) {
          setState({ status: 'conflict', meta, request, message: error.message, previous: error.previousJob });
        } else {
          setState({ status: 'rejected', meta, error });
        }
      }
    },
    [follow],
  );

  /** The explicit "load it again" after a 409. */
  const startAgain = useCallback(async () => {
    if (state.status !== 'conflict') return;
    await start({ ...state.request, again: true }, state.meta);
  }, [state, start]);

  /** Shows a job the page did not start (after a reload, or picked in the Jobs panel) and follows it if running. */
  const attach = useCallback(
    (job: Job) => {
      stopFollowing.current?.();
      stopFollowing.current = null;
      const meta = metaOf(job);
      if (isTerminal(job)) {
        setState({ status: 'finished', meta, job });
      } else {
        setState({ status: 'running', meta, job, cancelling: false });
        follow(job.id, meta);
      }
    },
    [follow],
  );

  /** "Start a new transfer": back to a ready Start button; nothing runs until it is pressed. */
  const reset = useCallback(() => {
    stopFollowing.current?.();
    stopFollowing.current = null;
    setState({ status: 'idle' });
  }, []);

  const cancel = useCallback(async () => {
    if (state.status !== 'running') return;
    setState({ ...state, cancelling: true });
    try {
      await cancelJob(state.job.id);
    } catch {
      // Already finished: the event stream reports how it ended.
    }
  }, [state]);

  const busy = state.status === 'starting' || state.status === 'running';
  return { state, start, startAgain, attach, reset, cancel, busy };
}

export type TransferHook = ReturnType<typeof useTransfer>;
