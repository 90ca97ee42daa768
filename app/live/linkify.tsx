import type { ReactNode } from 'react';

const URL_PATTERN = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/g;

/** Chat text with its web addresses as links; everything else stays plain text. */
export function Linkified({ text }: { text: string }) {
  const parts: ReactNode[] = text.split(URL_PATTERN).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part} rel="noopener noreferrer nofollow" target="_blank">
        {part}
      </a>
    ) : (
      part
    ),
  );
  return <>{parts}</>;
}
