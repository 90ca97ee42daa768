import type { LoaderFunctionArgs } from '@remix-run/node';
import { recordAudit } from '~/audit/audit.server';
import { requireAuthoredProgram } from '~/authoring/programs.server';
import { exportProgram } from '~/authoring/transfer.server';
import { getStorage } from '~/storage/storage.server';

/** The program version as one JSON file, downloaded. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, program } = await requireAuthoredProgram(context.db, request, params.programId);
  const document = await exportProgram(context.db, program.id, getStorage(context.env));
  await recordAudit(context.db, {
    organizationId: program.organizationId,
    actorId: user.id,
    action: 'program.exported',
    targetType: 'program',
    targetId: program.id,
    after: { version: program.version },
  });
  const slug =
    program.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'program';
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${slug}-v${program.version}.json"`,
      'Cache-Control': 'no-store',
    },
  });
}
