import { Fragment, type ReactNode } from 'react';

/**
 * A small Markdown renderer for module bodies: headings, paragraphs, lists, quotes, bold,
 * italics, code and links. It builds React elements, so every character of the source is
 * text: raw HTML is shown as written, never interpreted, and only http(s) and mailto links
 * become links.
 */

type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'quote'; text: string };

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  let quote: string[] = [];

  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', text: paragraph.join(' ') });
    if (list) blocks.push({ type: 'list', ...list });
    if (quote.length > 0) blocks.push({ type: 'quote', text: quote.join(' ') });
    paragraph = [];
    list = null;
    quote = [];
  };

  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const quoted = /^>\s?(.*)$/.exec(line);
    if (line.trim() === '') {
      flush();
    } else if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1]!.length, text: heading[2]! });
    } else if (bullet || numbered) {
      const ordered = !bullet;
      const text = (bullet ?? numbered)![1]!;
      if (!list || list.ordered !== ordered) {
        flush();
        list = { ordered, items: [] };
      }
      list.items.push(text);
    } else if (quoted) {
      if (paragraph.length > 0 || list) flush();
      quote.push(quoted[1]!);
    } else if (list && /^\s{2,}\S/.test(raw)) {
      // an indented line continues the list item above it
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      if (list || quote.length > 0) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

function safeHref(url: string) {
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : null;
}

const INLINE =
  /(\*\*([^*]+)\*\*)|(\*([^*\s][^*]*)\*)|(_([^_\s][^_]*)_)|(`([^`]+)`)|(\[([^\]]+)\]\(([^)\s]+)\))|(https?:\/\/[^\s)<]+[^\s)<.,;:!?])/;

export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const nodes: ReactNode[] = [];
  let rest = text;
  let index = 0;
  while (rest.length > 0) {
    const match = INLINE.exec(rest);
    if (!match) {
      nodes.push(rest);
      break;
    }
    if (match.index > 0) nodes.push(rest.slice(0, match.index));
    const key = `${keyPrefix}-${index++}`;
    if (match[2] !== undefined)
      nodes.push(<strong key={key}>{renderInline(match[2], key)}</strong>);
    else if (match[4] !== undefined) nodes.push(<em key={key}>{renderInline(match[4], key)}</em>);
    else if (match[6] !== undefined) nodes.push(<em key={key}>{renderInline(match[6], key)}</em>);
    else if (match[8] !== undefined) nodes.push(<code key={key}>{match[8]}</code>);
    else if (match[10] !== undefined) {
      const href = safeHref(match[11]!);
      nodes.push(
        href ? (
          <a key={key} href={href} rel="noopener noreferrer nofollow" target="_blank">
            {renderInline(match[10], key)}
          </a>
        ) : (
          <Fragment key={key}>{match[10]}</Fragment>
        ),
      );
    } else if (match[12] !== undefined) {
      nodes.push(
        <a key={key} href={match[12]} rel="noopener noreferrer nofollow" target="_blank">
          {match[12]}
        </a>,
      );
    }
    rest = rest.slice(match.index + match[0].length);
  }
  return nodes;
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
}) {
  return (
    <div className="markdown">
      {parseBlocks(source).map((block, index) => {
        const key = `b${index}`;
        switch (block.type) {
          case 'heading': {
            const level = Math.min(6, Math.max(2, block.level + headingOffset));
            const Tag = `h${level}` as 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
            return <Tag key={key}>{renderInline(block.text, key)}</Tag>;
          }
          case 'paragraph':
            return <p key={key}>{renderInline(block.text, key)}</p>;
          case 'quote':
            return <blockquote key={key}>{renderInline(block.text, key)}</blockquote>;
          case 'list': {
            const items = block.items.map((item, itemIndex) => (
              <li key={`${key}-${itemIndex}`}>{renderInline(item, `${key}-${itemIndex}`)}</li>
            ));
            return block.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
          }
        }
      })}
    </div>
  );
}
