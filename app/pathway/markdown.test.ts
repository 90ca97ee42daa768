import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../components/markdown';

// the renderer puts a newline between block elements; the structure is what matters
const render = (source: string) =>
  renderToStaticMarkup(createElement(Markdown, { source })).replace(/>\n</g, '><');

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

describe('module Markdown, GitHub flavour', () => {
  it('nests lists', () => {
    const html = render('- Plan\n  - Goal\n  - Steps\n    1. Model\n    2. Practise\n- Reflect');
    expect(html).toMatch(/<ul>\s*<li>Plan\s*<ul>\s*<li>Goal<\/li>\s*<li>Steps\s*<ol>/);
    expect(html).toMatch(/<li>Reflect<\/li>\s*<\/ul>/);
  });

  it('keeps fenced code as code, unformatted', () => {
    const html = render('```js\nconst a = **b**;\n<b>x</b>\n```');
    expect(html).toContain(
      '<pre><code class="language-js">const a = **b**;\n&lt;b&gt;x&lt;/b&gt;\n</code></pre>',
    );
  });

  it('renders GFM tables', () => {
    const html = render(
      '| Part | Words |\n| --- | ---: |\n| Overview | 300 |\n| Reflection | 500 |',
    );
    expect(html).toContain('<table>');
    expect(html).toContain('<th>Part</th>');
    expect(html).toMatch(/<td[^>]*>Reflection<\/td>/);
    expect(html).toMatch(/<td style="text-align:right">500<\/td>/);
  });

  it('keeps parentheses inside a link URL', () => {
    const html = render('[Wait time](https://en.wikipedia.org/wiki/Wait_(education))');
    expect(html).toContain('href="https://en.wikipedia.org/wiki/Wait_(education)"');
    expect(html).toContain('>Wait time</a>');
  });

  it('does not italicise underscores inside words', () => {
    const html = render('Save it as file_name_here please.');
    expect(html).toContain('file_name_here');
    expect(html).not.toContain('<em>');
  });

  it('keeps hard line breaks', () => {
    const html = render('First line  \nSecond line\\\nThird line');
    expect(html).toContain('First line<br/>');
    expect(html).toContain('Second line<br/>');
  });

  it('renders images as images, from Cadre or https only', () => {
    const html = render(
      '![Seating chart](/organizations/files/abc.png) ![remote](https://example.org/a.png) ![bad](javascript:alert(1))',
    );
    expect(html).toContain('<img src="/organizations/files/abc.png" alt="Seating chart"');
    expect(html).toContain('<img src="https://example.org/a.png" alt="remote"');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('bad');
  });

  it('shows a script tag as text', () => {
    const html = render(
      'Before\n\n<script>alert("x")</script>\n\nInline <script>alert(2)</script> too',
    );
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;alert(2)');
  });
});
