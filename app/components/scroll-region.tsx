import type { ReactNode } from 'react';

/**
 * A wide table's horizontal scroller: named and focusable, so a keyboard user can scroll it
 * with the arrow keys and a screen reader says what it holds.
 */
export function ScrollRegion({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={className ? `table-scroll ${className}` : 'table-scroll'}
      role="region"
      aria-label={label}
      // a scrollable region must be reachable by keyboard (WCAG 2.1.1)
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
    >
      {children}
    </div>
  );
}
