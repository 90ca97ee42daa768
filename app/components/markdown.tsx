import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Renders Markdown (CommonMark + GitHub tables, task lists and strikethrough) for module
 * bodies, evidence and plans. Raw HTML is shown as written, never interpreted; only
 * http(s) and mailto links become links; images may come from Cadre itself or https.
 */

const LINK = /^(https?:\/\/|mailto:)/i;
// same-origin paths (uploads) or https; protocol-relative `//host` is not same-origin
const IMAGE = /^(https:\/\/|\/(?!\/))/i;

export function safeUrl(url: string, key: string) {
  const trimmed = url.trim();
  if (key === 'src') return IMAGE.test(trimmed) ? trimmed : '';
  return LINK.test(trimmed) ? trimmed : '';
}

type HeadingTag = 'h2' | 'h3' | 'h4' | 'h5' | 'h6';

function headingComponents(offset: number): Components {
  const make = (level: number) => {
    const Tag = `h${Math.min(6, Math.max(2, level + offset))}` as HeadingTag;
    function Heading({
      node: _node,
      ...props
    }: ComponentPropsWithoutRef<'h1'> & { node?: unknown }) {
      return <Tag {...props} />;
    }
    return Heading;
  };
  return { h1: make(1), h2: make(2), h3: make(3), h4: make(4), h5: make(5), h6: make(6) };
}

const baseComponents: Components = {
  a({ node: _node, href, children, ...props }) {
    if (!href) return <>{children}</>;
    return (
      <a {...props} href={href} rel="noopener noreferrer nofollow" target="_blank">
        {children}
      </a>
    );
  },
  img({ node: _node, src, alt, ...props }) {
    if (!src || typeof src !== 'string') return <>{alt}</>;
    return <img {...props} src={src} alt={alt ?? ''} loading="lazy" />;
  },
  table({ node: _node, ...props }) {
    // wide tables scroll inside their own box instead of widening the page; the box takes
    // focus so keyboard users can scroll it
    return (
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      <div className="markdown-table" role="region" aria-label="Table" tabIndex={0}>
        <table {...props} />
      </div>
    );
  },
};

const componentsByOffset = new Map<number, Components>();
function componentsFor(offset: number) {
  let components = componentsByOffset.get(offset);
  if (!components) {
    components = { ...baseComponents, ...headingComponents(offset) };
    componentsByOffset.set(offset, components);
  }
  return components;
}

/**
 * Renders Markdown safely. `headingOffset` shifts heading levels so a body's `##` sits under
 * the page's own headings; levels never go above h2 or below h6.
 */
export function Markdown({
  source,
  headingOffset = 0,
}: {
  source: string;
  headingOffset?: number;
}): ReactNode {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        urlTransform={safeUrl}
        components={componentsFor(headingOffset)}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
