/**
 * What the Zoom Meeting SDK needs beyond Cadre's own policy, granted only to the coaching
 * session's live room (see docs/decisions/004-zoom-meeting-sdk.md and 028): its scripts, WebAssembly and
 * workers come from Zoom's asset hosts, media travels over *.zoom.us sockets, and audio and
 * video play from blob: and mediastream: URLs.
 */
// the SDK loads its media libraries from Zoom's CloudFront CDN whatever assetPath says
const ZOOM_ASSETS = ['https://source.zoom.us', 'https://dmogdx0jrul3u.cloudfront.net'];

export const zoomMeetingSources: Record<string, string[]> = {
  'script-src': [...ZOOM_ASSETS, "'unsafe-eval'", "'wasm-unsafe-eval'", 'blob:'],
  'worker-src': ["'self'", 'blob:', ...ZOOM_ASSETS],
  'connect-src': ['https://*.zoom.us', 'wss://*.zoom.us', ...ZOOM_ASSETS],
  'img-src': ['https://*.zoom.us', ...ZOOM_ASSETS],
  'font-src': ['data:', ...ZOOM_ASSETS],
  'media-src': ["'self'", 'blob:', 'mediastream:', 'https://*.zoom.us'],
  'frame-src': ['https://*.zoom.us'],
};

const LIVE_ROOM_PAGE =
  /^\/cohorts\/[0-9a-f-]{36}\/sessions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/live\/?$/i;

/** The one page that embeds the meeting, the live room; its data requests (?_data) get the same answer. */
export function isZoomMeetingPage(path: string) {
  return LIVE_ROOM_PAGE.test(path);
}

/** Adds the Zoom sources to a policy's directives, creating the ones it lacks. */
export function withZoomMeetingSources(directives: string[]) {
  const merged = directives.map((directive) => {
    const name = directive.split(' ')[0] ?? '';
    const extra = zoomMeetingSources[name];
    return extra ? `${directive} ${extra.join(' ')}` : directive;
  });
  for (const [name, sources] of Object.entries(zoomMeetingSources)) {
    if (!merged.some((directive) => directive.startsWith(`${name} `))) {
      merged.push(`${name} ${sources.join(' ')}`);
    }
  }
  return merged;
}
