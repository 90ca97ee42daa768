import type { ReactNode } from 'react';

/**
 * A wide table's box that scrolls sideways on a phone. It is a labelled region and takes
 * focus, so keyboard users can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function ScrollRegion({
  labelledBy,
  className = 'table-scroll',
  children,
}: {
  labelledBy: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be reachable by keyboard
    <div className={className} role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}
