/**
 * The benchmark's baseline: the cheapest answer the Remix request handler can give, with no
 * session, database or rendering, so the dashboard's cost can be read as a ratio against it.
 */
export function loader() {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
