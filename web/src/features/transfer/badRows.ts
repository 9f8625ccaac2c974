import { useState } from 'react';

/** What an import does with a row that cannot be loaded: stop (default), or skip up to N of them. */
export function useBadRowPolicy() {
  const [onError, setOnError] = useState<'abort' | 'skip'>('abort');
  const [maxErrorsText, setMaxErrorsText] = useState('100');
  const maxErrors = Number(maxErrorsText);
  const problem =
    onError === 'skip' && (!/^\d+$/.test(maxErrorsText.trim()) || maxErrors < 1) ? 'Enter how many bad rows may be skipped (1 or more).' : null;
  /** The target fields of the job request. */
  const fields: { on_error: 'abort' } | { on_error: 'skip'; max_errors: number } | null = problem
    ? null
    : onError === 'skip'
      ? { on_error: 'skip', max_errors: maxErrors }
      : { on_error: 'abort' };
  return { onError, setOnError, maxErrorsText, setMaxErrorsText, problem, fields };
}

export type BadRowPolicy = ReturnType<typeof useBadRowPolicy>;
