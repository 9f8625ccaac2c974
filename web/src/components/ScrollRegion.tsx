import type { ReactNode } from 'react';

/**
 * A box that scrolls when its table is wider or taller than the screen. It takes keyboard focus (so
 * the arrow keys scroll it) and is a named region, as screen readers expect of a focusable box.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
