import { describe, expect, it } from 'vitest';
import { escapeHtml, renderEmail } from './render.server';

const hostile = `<script>alert("x")</script> & 'quotes'`;

describe('renderEmail', () => {
  it('escapes every piece of text in the HTML and keeps the text version verbatim', () => {
    const { html, text } = renderEmail({
      heading: hostile,
      paragraphs: [`Hello <b>${hostile}</b>`],
      action: { label: `Open <img src=x onerror=alert(1)>`, url: 'https://cadre.test/a?b=1&c="2"' },
      footer: `Sent by ${hostile}`,
    });

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;',
    );
    expect(html).toContain('href="https://cadre.test/a?b=1&amp;c=&quot;2&quot;"');

    expect(text).toContain(hostile);
    expect(text).toContain(`Open <img src=x onerror=alert(1)>: https://cadre.test/a?b=1&c="2"`);
  });

  it('makes an accessible page: a language, a title, a real link and its address as text', () => {
    const { html, text } = renderEmail({
      heading: 'You are invited',
      paragraphs: ['Join the cohort.', 'It starts in January.'],
      action: { label: 'Accept the invitation', url: 'https://cadre.test/invitations/abc' },
    });

    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<title>You are invited</title>');
    expect(html).toContain(
      '<a href="https://cadre.test/invitations/abc" style="background:#0f5e6e',
    );
    expect(html).toContain('>Accept the invitation</a>');
    expect(html).toContain('word-break:break-all">https://cadre.test/invitations/abc</a>');
    expect(text).toBe(
      [
        'You are invited',
        '',
        'Join the cohort.',
        '',
        'It starts in January.',
        '',
        'Accept the invitation: https://cadre.test/invitations/abc',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the action and the footer when there are none', () => {
    const { html, text } = renderEmail({ heading: 'Hello', paragraphs: ['One line.'] });
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<hr');
    expect(text).toBe('Hello\n\nOne line.\n');
  });

  it.each(['javascript:alert(1)', 'data:text/html,hi', '/relative/path', 'https://'])(
    'refuses %s as a link',
    (url) => {
      expect(() =>
        renderEmail({ heading: 'x', paragraphs: [], action: { label: 'Go', url } }),
      ).toThrow(/http\(s\) URL/);
    },
  );
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp; é</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp; é&lt;/a&gt;',
    );
  });
});
