/**
 * The state educator id, which PERMS uses to credit Act 48 hours. Pennsylvania's is the
 * Professional Personnel Identification Number (PPID): seven digits, issued by PDE since
 * 2006 and, since July 2013, the only identifier PERMS accepts for an educator's hours.
 * People type it with spaces or dashes from a letter, so those are dropped before checking.
 */
export const PPID_LENGTH = 7;

export type EducatorIdCheck = { ok: true; value: string | null } | { ok: false; message: string };

/** an empty answer clears the id; anything else must be a PPID */
export function checkEducatorId(raw: string | null | undefined): EducatorIdCheck {
  const compact = (raw ?? '').replace(/[\s-]/g, '');
  if (compact === '') return { ok: true, value: null };
  if (!/^\d+$/.test(compact)) {
    return { ok: false, message: 'A PPID has digits only, like 1234567.' };
  }
  if (compact.length !== PPID_LENGTH) {
    return {
      ok: false,
      message: `A PPID has ${PPID_LENGTH} digits; this one has ${compact.length}.`,
    };
  }
  return { ok: true, value: compact };
}
