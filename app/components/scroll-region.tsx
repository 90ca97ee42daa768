import type { ReactNode } from 'react';

/**
 * A wide table's horizontal scroller: named (by `label`, or by the id of a caption in
 * `labelledBy`) and focusable, so a keyboard user can scroll it with the arrow keys and a
 * screen reader says what it holds (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  labelledBy,
  className,
  children,
}: { className?: string; children: ReactNode } & (
  { label: string; labelledBy?: undefined } | { labelledBy: string; label?: undefined }
)) {
  const classes = ['table-scroll', ...(className ?? '').split(' ')].filter(
    (name, index, all) => name !== '' && all.indexOf(name) === index,
  );
  return (
    <div
      className={classes.join(' ')}
      role="region"
      aria-label={label}
      aria-labelledby={labelledBy}
      // a scrollable region must be reachable by keyboard
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
    >
      {children}
    </div>
  );
}
