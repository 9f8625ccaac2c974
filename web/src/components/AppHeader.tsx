import type { ReactNode } from 'react';

/** The page's banner: Ferry's name and mark, and on the right what belongs to the person (who is signed in). */
export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="currentColor" />
          <path d="M6 19h20l-3 5H9z" fill="#fff" />
          <path d="M15 7v11h-6z" fill="#fde047" />
          <path d="M17 9v9h5z" fill="#fff" />
        </svg>
        <div>
          <h1>Ferry</h1>
          <p className="tagline">Move data between ClickHouse and CSV files</p>
        </div>
        {children && <div className="app-header-account">{children}</div>}
      </div>
    </header>
  );
}
