import { useState } from 'react';

/** ClickHouse identifiers Ferry will quote for you; this only rejects what cannot be a table name. */
export function validateTableName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a table name.';
  if (trimmed.length > 200) return 'That name is too long.';
  if (/[\u0000-\u001f`]/.test(trimmed)) return 'The name may not contain backquotes or control characters.';
  return null;
}

/** Step 7 for imports: the ClickHouse table to write and whether to create it. */
export function useTarget() {
  const [table, setTable] = useState('');
  const [create, setCreate] = useState(true);
  return { table, setTable, create, setCreate, error: validateTableName(table) };
}

export type TargetState = ReturnType<typeof useTarget>;
