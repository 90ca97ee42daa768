import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { SessionUser } from '../auth/session.server';
import { notFound } from '../permissions/permissions.server';
import { requireAuthoredProgram, type AuthoredProgram } from './programs.server';

/**
 * What a module or micro-credential editor starts from: the author, the program version, and
 * the part being edited (`new` for none yet); a part not of this program is a 404.
 */
export async function requireEditedPart<Part>(
  db: Kysely<Database>,
  request: Request,
  input: {
    programId: string | undefined;
    partId: string | undefined;
    find: (db: Kysely<Database>, programId: string, partId: string) => Promise<Part | null>;
    missing: string;
  },
): Promise<{ user: SessionUser; program: AuthoredProgram; part: Part | null }> {
  const { user, program } = await requireAuthoredProgram(db, request, input.programId);
  const partId = input.partId === 'new' ? null : (input.partId ?? null);
  const part = partId ? await input.find(db, program.id, partId) : null;
  if (partId && !part) notFound(input.missing);
  return { user, program, part };
}
