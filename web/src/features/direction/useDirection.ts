import { useState } from 'react';

/** export: ClickHouse -> file; import: file -> ClickHouse. */
export type Direction = 'export' | 'import';

export function useDirection(initial: Direction = 'export') {
  const [direction, setDirection] = useState<Direction>(initial);
  return { direction, setDirection };
}
