import type { HistoryChange } from './history.server';

/** One version's changes, section by section: added words underlined, removed words struck. */
export function ChangesView({
  changes,
  headingLevel = 4,
}: {
  changes: HistoryChange[];
  headingLevel?: 3 | 4;
}) {
  if (changes.length === 0) return <p className="muted">No changes from the version before.</p>;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <>
      {changes.map((change) => (
        <div key={change.section} className="diff">
          <Heading>{change.label}</Heading>
          <p className="plan-text">
            {change.parts.map((part, index) =>
              part.kind === 'added' ? (
                <ins key={index} className="diff-added">
                  {part.text}
                </ins>
              ) : part.kind === 'removed' ? (
                <del key={index} className="diff-removed">
                  {part.text}
                </del>
              ) : (
                <span key={index}>{part.text}</span>
              ),
            )}
          </p>
        </div>
      ))}
    </>
  );
}
