import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../components/markdown';

const render = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe('module Markdown', () => {
  it('renders headings, lists, emphasis and web links', () => {
    const html = render(
      '## Why routines matter\n\nRoutines are **invisible** and *steady*.\n\n- Entering the room\n- Dismissal\n\n1. Model\n2. Practise\n\nSee [IRIS](https://iris.peabody.vanderbilt.edu).',
    );
    expect(html).toContain('<h2>Why routines matter</h2>');
    expect(html).toContain('<strong>invisible</strong>');
    expect(html).toContain('<em>steady</em>');
    expect(html).toContain('<ul><li>Entering the room</li><li>Dismissal</li></ul>');
    expect(html).toContain('<ol><li>Model</li><li>Practise</li></ol>');
    expect(html).toContain('href="https://iris.peabody.vanderbilt.edu"');
  });

  it('shows raw HTML as text and never links to script URLs', () => {
    const html = render(
      '<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) [data](data:text/html,hi)',
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).toContain('click');
  });
});
