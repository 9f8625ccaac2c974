import { useCallback, useMemo, useState } from 'react';
import { kNoSplit, splitFieldsOf, type SplitForm } from './split';

/** Export: whether and how the output is cut into several files. */
export function useSplit() {
  const [form, setForm] = useState<SplitForm>(kNoSplit);
  const update = useCallback((change: Partial<SplitForm>) => setForm((current) => ({ ...current, ...change })), []);
  const result = useMemo(() => splitFieldsOf(form), [form]);
  return { form, update, result };
}

export type SplitState = ReturnType<typeof useSplit>;
