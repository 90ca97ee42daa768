import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { AppLoadContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { ZipArchive } from 'archiver';
import type { DB } from '../../db/db.server';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { getLogger } from '../log.server';
import { getStorage, type Storage } from '../storage/storage.server';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** a file name that is safe in any unzip tool: no folders, no control characters, not too long */
export function safeEntryName(name: string | null, fallback: string) {
  const cleaned = (name ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^\.+/, '_')
    .trim()
    .slice(0, 120);
  return cleaned || fallback;
}

/** Everything Cadre holds that is this person's own, read in one pass of small queries. */
export async function collectMyData(db: DB, userId: string) {
  const profile = await db
    .selectFrom('app_user')
    .innerJoin('organization', 'organization.id', 'app_user.organization_id')
    .select([
      'app_user.name',
      'app_user.email',
      'app_user.state_educator_id as educatorId',
      'app_user.created_at as createdAt',
      'app_user.member_since as memberSince',
      'app_user.member_until as memberUntil',
      'app_user.is_org_admin as isOrgAdmin',
      'organization.name as organization',
    ])
    .where('app_user.id', '=', userId)
    .executeTakeFirstOrThrow();
  const cohorts = await db
    .selectFrom('cohort_member')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .select([
      'cohort.name as cohort',
      'cohort_member.role',
      'cohort_member.status',
      'cohort_member.joined_at as joinedAt',
    ])
    .where('cohort_member.user_id', '=', userId)
    .orderBy('cohort.starts_on')
    .execute();
  const assessmentAnswers = await db
    .selectFrom('assessment_answer')
    .innerJoin('assessment_response', 'assessment_response.id', 'assessment_answer.response_id')
    .innerJoin('cohort_member', 'cohort_member.id', 'assessment_response.member_id')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .innerJoin('assessment_item', 'assessment_item.id', 'assessment_answer.item_id')
    .select([
      'cohort.name as cohort',
      'assessment_item.position',
      'assessment_item.kind',
      'assessment_item.prompt',
      'assessment_item.options',
      'assessment_answer.rating',
      'assessment_answer.choices',
      'assessment_answer.text_answer as textAnswer',
      'assessment_response.submitted_at as submittedAt',
    ])
    .where('cohort_member.user_id', '=', userId)
    .orderBy('cohort.name')
    .orderBy('assessment_item.position')
    .execute();
  const plans = await db
    .selectFrom('action_plan')
    .innerJoin('cohort_member', 'cohort_member.id', 'action_plan.member_id')
    .innerJoin('cohort', 'cohort.id', 'action_plan.cohort_id')
    .innerJoin('pathway_unit', 'pathway_unit.id', 'action_plan.unit_id')
    .select([
      'action_plan.id',
      'cohort.name as cohort',
      'pathway_unit.title as unit',
      'action_plan.status',
      'action_plan.goal',
      'action_plan.measure',
      'action_plan.steps',
      'action_plan.support',
      'action_plan.context',
      'action_plan.submitted_at as submittedAt',
      'action_plan.updated_at as updatedAt',
    ])
    .where('cohort_member.user_id', '=', userId)
    .orderBy('action_plan.created_at')
    .execute();
  const planVersions = plans.length
    ? await db
        .selectFrom('action_plan_version')
        .select(['plan_id as planId', 'number', 'goal', 'measure', 'steps', 'support', 'context'])
        .select('submitted_at as submittedAt')
        .where(
          'plan_id',
          'in',
          plans.map((plan) => plan.id),
        )
        .orderBy('number')
        .execute()
    : [];
  const submissions = await db
    .selectFrom('submission')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
    .select([
      'submission.id',
      'cohort.name as cohort',
      'micro_credential.code',
      'micro_credential.title',
      'submission.attempt',
      'submission.status',
      'submission.body',
      'submission.submitted_at as submittedAt',
      'submission.earned_at as earnedAt',
    ])
    .where('cohort_member.user_id', '=', userId)
    .orderBy('submission.created_at')
    .execute();
  const evidence = submissions.length
    ? await db
        .selectFrom('evidence_item')
        .select([
          'id',
          'submission_id as submissionId',
          'kind',
          'label',
          'url',
          'storage_key as storageKey',
          'file_name as fileName',
          'content_type as contentType',
          'byte_size as byteSize',
          'created_at as createdAt',
        ])
        .where(
          'submission_id',
          'in',
          submissions.map((submission) => submission.id),
        )
        .orderBy('created_at')
        .execute()
    : [];
  const hours = await db
    .selectFrom('hours_entry')
    .innerJoin('cohort', 'cohort.id', 'hours_entry.cohort_id')
    .select([
      'cohort.name as cohort',
      'hours_entry.source',
      'hours_entry.hours',
      'hours_entry.reason',
      'hours_entry.awarded_at as awardedAt',
    ])
    .where('hours_entry.user_id', '=', userId)
    .orderBy('hours_entry.awarded_at')
    .execute();
  const credentials = await db
    .selectFrom('credential')
    .select([
      'id',
      'title',
      'kind',
      'hours',
      'issued_at as issuedAt',
      'revoked_at as revokedAt',
      'revoked_reason as revokedReason',
      'document',
      'jwt',
    ])
    .where('user_id', '=', userId)
    .orderBy('issued_at')
    .execute();
  return {
    profile,
    cohorts,
    assessmentAnswers,
    plans: plans.map((plan) => ({
      ...plan,
      versions: planVersions.filter((version) => version.planId === plan.id),
    })),
    submissions,
    evidence,
    hours,
    credentials,
  };
}

const README = `Your data from Cadre

profile.json              your name, email, educator id, organization and cohorts
assessment-answers.json   your pre-assessment answers, with each question
action-plans.json         your action plans and every submitted version
evidence.json             your micro-credential evidence: texts, links and the files listed below
evidence/                 the files you uploaded, one folder per submission
hours.json                your professional-learning hours ledger
credentials.json          your credentials, each with its signed Open Badges document
`;

/**
 * The person's data as a zip, streamed: the JSON parts are small, the uploaded files are
 * read from storage one after another as the archive is written. The download is audited.
 */
export async function streamMyData(context: AppLoadContext, user: SessionUser) {
  const data = await collectMyData(context.db, user.id);
  await recordAudit(context.db, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: 'account.data_exported',
    targetType: 'app_user',
    targetId: user.id,
    after: { files: data.evidence.filter((item) => item.kind === 'file').length },
  });
  const storage = getStorage(context.env);
  const archive = new ZipArchive({ zlib: { level: 6 } });
  archive.on('warning', (error) => getLogger().warn({ err: error }, 'data export: warning'));
  archive.on('error', (error) => getLogger().error({ err: error }, 'data export failed'));
  void fillArchive(archive, storage, data).catch((error: unknown) => {
    getLogger().error({ err: error }, 'data export could not be finished');
    archive.abort();
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(createReadableStreamFromReadable(archive), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="cadre-my-data-${day}.zip"`,
      'Cache-Control': 'no-store',
    },
  });
}

async function fillArchive(
  archive: ZipArchive,
  storage: Storage,
  data: Awaited<ReturnType<typeof collectMyData>>,
) {
  archive.append(README, { name: 'README.txt' });
  archive.append(json({ ...data.profile, cohorts: data.cohorts }), { name: 'profile.json' });
  archive.append(json(data.assessmentAnswers), { name: 'assessment-answers.json' });
  archive.append(json(data.plans), { name: 'action-plans.json' });
  const usedNames = new Set<string>();
  const evidence = data.submissions.map((submission) => ({
    ...submission,
    items: data.evidence
      .filter((item) => item.submissionId === submission.id)
      .map(({ storageKey, submissionId, ...item }) => {
        if (item.kind !== 'file' || !storageKey) return item;
        const folder = `evidence/${safeEntryName(`${submission.code}-attempt-${submission.attempt}`, submissionId)}`;
        let name = `${folder}/${safeEntryName(item.fileName, item.id)}`;
        if (usedNames.has(name))
          name = `${folder}/${item.id}-${safeEntryName(item.fileName, 'file')}`;
        usedNames.add(name);
        return { ...item, storageKey, path: name };
      }),
  }));
  archive.append(
    json(
      evidence.map((submission) => ({
        ...submission,
        items: submission.items.map((item) => {
          const { storageKey: _key, ...shown } = item as typeof item & { storageKey?: string };
          return shown;
        }),
      })),
    ),
    { name: 'evidence.json' },
  );
  archive.append(json(data.hours), { name: 'hours.json' });
  archive.append(json(data.credentials), { name: 'credentials.json' });
  for (const submission of evidence) {
    for (const item of submission.items) {
      if (!('path' in item) || !item.storageKey) continue;
      const file = await storage.open(item.storageKey).catch(() => null);
      if (!file) continue;
      archive.append(Readable.fromWeb(file.stream as WebReadableStream<Uint8Array>), {
        name: item.path,
      });
    }
  }
  await archive.finalize();
}
