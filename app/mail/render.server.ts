export interface EmailContent {
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
}

export interface RenderedEmail {
  text: string;
  html: string;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** only web links become buttons: a javascript: or data: URL in a message is a bug, not a link */
function assertWebUrl(url: string) {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new Error(`an email link must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
}

/**
 * One email in two forms: plain text for every client and simple HTML for those that
 * show it. Every piece of text is escaped; the action's URL is also printed as text so
 * it can be copied when the button does not work.
 */
export function renderEmail(content: EmailContent): RenderedEmail {
  if (content.action) assertWebUrl(content.action.url);

  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.footer ? ['--', content.footer, ''] : []),
  ]
    .join('\n')
    .trimEnd()
    .concat('\n');

  const body = [
    `<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${escapeHtml(content.heading)}</h1>`,
    ...content.paragraphs.map(
      (paragraph) => `<p style="margin:0 0 16px">${escapeHtml(paragraph)}</p>`,
    ),
  ];
  if (content.action) {
    const url = escapeHtml(content.action.url);
    body.push(
      `<p style="margin:24px 0"><a href="${url}" style="background:#0f5e6e;color:#ffffff;` +
        `padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600;` +
        `display:inline-block">${escapeHtml(content.action.label)}</a></p>`,
      `<p style="margin:0 0 16px;font-size:14px;color:#52606d">If the button does not work, ` +
        `copy this address into your browser:<br><a href="${url}" style="color:#0f5e6e;` +
        `word-break:break-all">${url}</a></p>`,
    );
  }
  if (content.footer) {
    body.push(
      `<hr style="border:0;border-top:1px solid #d9e2ec;margin:24px 0">`,
      `<p style="margin:0;font-size:13px;color:#52606d">${escapeHtml(content.footer)}</p>`,
    );
  }

  // inline styles only: many mail clients drop <style> blocks
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.heading)}</title>`,
    '</head>',
    '<body style="margin:0;padding:24px;background:#f5f7f8;color:#1f2933;' +
      'font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif;' +
      'font-size:16px;line-height:1.5">',
    '<div role="article" aria-roledescription="email" lang="en" style="max-width:560px;margin:0 auto;' +
      'background:#ffffff;border:1px solid #d9e2ec;border-radius:10px;padding:24px">',
    ...body,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');

  return { text, html };
}

/**
 * A rendered notification email with its unsubscribe note added at the end, in both forms:
 * the visible counterpart of the List-Unsubscribe header.
 */
export function addUnsubscribeNote(
  email: { text: string; html?: string | null },
  note: { categoryTitle: string; unsubscribeUrl: string; preferencesUrl: string },
): { text: string; html: string | undefined } {
  assertWebUrl(note.unsubscribeUrl);
  assertWebUrl(note.preferencesUrl);
  const sentence = `You get this email because "${note.categoryTitle}" emails are on in your Cadre account.`;
  const text = [
    email.text.trimEnd(),
    '',
    '--',
    sentence,
    `Unsubscribe from these emails: ${note.unsubscribeUrl}`,
    `Choose which emails you get: ${note.preferencesUrl}`,
    '',
  ].join('\n');
  if (!email.html) return { text, html: undefined };
  const footer =
    `<hr style="border:0;border-top:1px solid #d9e2ec;margin:24px 0">` +
    `<p style="margin:0;font-size:13px;color:#52606d">${escapeHtml(sentence)} ` +
    `<a href="${escapeHtml(note.unsubscribeUrl)}" style="color:#0f5e6e">Unsubscribe from these emails</a>` +
    ` or <a href="${escapeHtml(note.preferencesUrl)}" style="color:#0f5e6e">choose which emails you get</a>.</p>`;
  const closing = email.html.lastIndexOf('</div>');
  const html =
    closing === -1
      ? email.html.replace(/<\/body>|$/i, (end) => `${footer}${end}`)
      : `${email.html.slice(0, closing)}${footer}\n${email.html.slice(closing)}`;
  return { text, html };
}
