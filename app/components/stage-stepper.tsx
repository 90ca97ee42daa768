const stages = [
  { key: 'forming', label: 'Forming' },
  { key: 'assessing', label: 'Pre-assessment' },
  { key: 'learning', label: 'Learning' },
  { key: 'sharing', label: 'Share-out' },
  { key: 'completed', label: 'Completed' },
  { key: 'archived', label: 'Archived' },
] as const;

/** The cohort's life as a row of steps; the current one is marked for screen readers too. */
export function StageStepper({ status }: { status: string }) {
  const current = stages.findIndex((stage) => stage.key === status);
  return (
    <ol className="stepper" aria-label="Cohort stage">
      {stages.map((stage, index) => {
        const state = index < current ? 'done' : index === current ? 'current' : 'upcoming';
        return (
          <li
            key={stage.key}
            className={`stepper__step stepper__step--${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="stepper__marker" aria-hidden="true">
              {state === 'done' ? '✓' : index + 1}
            </span>
            <span className="stepper__label">
              {stage.label}
              {state === 'done' ? <span className="sr-only"> (done)</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
