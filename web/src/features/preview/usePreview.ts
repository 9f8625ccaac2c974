import { useCallback, useRef, useState } from 'react';
import { preview as fetchPreview, type Endpoint, type PreviewResult } from '../../api';

export const kPreviewRows = 100;

type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; signature: string }
  | { status: 'loaded'; signature: string; result: PreviewResult }
  | { status: 'error'; signature: string; error: unknown };

/** Step 6: the first rows of the selected columns. Remembers what it previewed, to flag staleness. */
export function usePreview() {
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(async (source: Endpoint, columns: string[], signature: string) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ status: 'loading', signature });
    try {
      const result = await fetchPreview(source, columns, kPreviewRows, abort.signal);
      if (!abort.signal.aborted) setState({ status: 'loaded', signature, result });
    } catch (error) {
      if (!abort.signal.aborted) setState({ status: 'error', signature, error });
    }
  }, []);

  return { state, run };
}

export type PreviewStateHook = ReturnType<typeof usePreview>;
