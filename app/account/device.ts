import Bowser from 'bowser';

/** "Firefox on Windows", "Safari on iPhone", or a plain fallback when the browser says nothing useful. */
export function describeDevice(userAgent: string | null | undefined): string {
  const agent = userAgent?.trim();
  if (!agent) return 'Unknown browser';
  const parsed = Bowser.parse(agent);
  const browser = parsed.browser.name;
  const os = parsed.os.name;
  const model = parsed.platform.model;
  const system = model && /iPhone|iPad|iPod/i.test(model) ? model : os;
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  return 'Unknown browser';
}
