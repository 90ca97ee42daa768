/** The lists an author picks from, shared by the editors and their schemas. */

export const AUDIENCES = [
  'K-12 educators',
  'Education support professionals',
  'Aspiring educators',
  'Teacher leaders',
  'Higher education faculty',
  'School and district leaders',
] as const;

export const GRADE_LEVELS = [
  'Pre-K',
  'Elementary',
  'Middle school',
  'High school',
  'Adult',
] as const;

export const FORMATS = [
  { value: 'blended', label: 'Blended (online and live sessions)' },
  { value: 'online', label: 'Online, self-paced' },
  { value: 'in-person', label: 'In person' },
] as const;

export const MODULE_KINDS = [
  { value: 'online', label: 'Online module' },
  { value: 'coaching', label: 'Coaching session' },
  { value: 'action-plan', label: 'Action plan' },
] as const;

export const SUBMISSION_PARTS = [
  { value: 'overview', label: 'Overview questions' },
  { value: 'artifact', label: 'Work examples and artifacts' },
  { value: 'reflection', label: 'Reflection' },
] as const;

export const EVIDENCE_TYPES = [
  'Written artifact',
  'Presentation',
  'Video',
  'Photo journal',
  'Pamphlet',
  'Website or blog',
  'Any format',
] as const;

export const PROGRAM_STATUS_LABEL = {
  draft: 'Draft',
  published: 'Published',
  retired: 'Retired',
} as const;

/** a privacy-enhanced embed address for a YouTube or Vimeo link, or null for any other link */
export function videoEmbedUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  const host = parsed.hostname.replace(/^www\./, '').replace(/^m\./, '');
  let youtube: string | null = null;
  if (host === 'youtu.be') youtube = parsed.pathname.slice(1);
  else if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    youtube =
      parsed.searchParams.get('v') ??
      /^\/(?:embed|shorts|live)\/([^/]+)/.exec(parsed.pathname)?.[1] ??
      null;
  }
  if (youtube !== null) {
    return /^[\w-]{6,20}$/.test(youtube)
      ? `https://www.youtube-nocookie.com/embed/${youtube}`
      : null;
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = /^\/(?:video\/)?(\d{4,12})(?:\/|$)/.exec(parsed.pathname)?.[1];
    return id ? `https://player.vimeo.com/video/${id}?dnt=1` : null;
  }
  return null;
}

/** the image types an author may upload for Markdown */
export const ACCEPTED_AUTHORING_IMAGES = '.png,.jpg,.jpeg,.gif,.webp';
