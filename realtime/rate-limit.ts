/**
 * A token bucket for one socket: up to `perSecond` events in a burst, refilled at
 * `perSecond` a second. Returns a function that says whether the next event may pass.
 */
export function createRateLimiter(perSecond: number, now: () => number = Date.now) {
  let tokens = perSecond;
  let last = now();
  return () => {
    const current = now();
    tokens = Math.min(perSecond, tokens + ((current - last) / 1000) * perSecond);
    last = current;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}
