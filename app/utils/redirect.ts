/**
 * Only same-site paths are followed after sign-in: "/cohorts/1" yes; "//evil.test",
 * "/\evil.test", "https://evil.test" or "javascript:" fall back to the default.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof to !== 'string' || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  if (to.includes('\\') || [...to].some((char) => char.charCodeAt(0) < 0x20)) return fallback;
  if (to.startsWith('/login') || to.startsWith('/logout')) return fallback;
  return to;
}
