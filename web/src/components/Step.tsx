import type { ReactNode } from 'react';

interface StepProps {
  number: number;
  title: string;
  /** One sentence under the heading saying what the step is for. */
  description?: ReactNode;
  /** Greyed out with this note instead of the content, e.g. joins when reading a file. */
  inactiveNote?: ReactNode;
  children?: ReactNode;
}

/** One numbered step of the flow: a labelled region with a level-2 heading. */
export function Step({ number, title, description, inactiveNote, children }: StepProps) {
  const headingId = `step-${number}-title`;
  return (
    <section id={`step-${number}`} className={`step${inactiveNote ? ' step-inactive' : ''}`} aria-labelledby={headingId}>
      <header className="step-header">
        <span className="step-number" aria-hidden="true">
          {number}
        </span>
        <div>
          <h2 id={headingId}>
            <span className="visually-hidden">Step {number}: </span>
            {title}
          </h2>
          {description && <p className="step-description">{description}</p>}
        </div>
      </header>
      <div className="step-body">{inactiveNote ? <p className="muted">{inactiveNote}</p> : children}</div>
    </section>
  );
}
