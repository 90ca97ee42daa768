import type { ReactNode } from 'react';

/**
 * A wide table's sideways-scrolling frame. On a phone it scrolls, so it takes focus and a
 * name: keyboard users can then scroll it with the arrow keys (WCAG 2.1.1).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
