import { sql, type Kysely } from 'kysely';

/**
 * A join request belongs to a stack's lineage, not to one of its versions: a person asks once
 * whatever version is on show. Existing rows take their program's lineage; a person who asked
 * for two versions of one stack keeps one request, the earliest (so the demand's dates hold),
 * carrying the latest note written if the earliest had none. `program_id` stays as the version
 * that was on show when the person asked.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table catalog_join_request add column lineage_id uuid`,
    `update catalog_join_request r set lineage_id = p.lineage_id
       from program p where p.id = r.program_id`,
    `update catalog_join_request kept set note = latest.note
       from (
         select distinct on (lineage_id, user_id) lineage_id, user_id, note
         from catalog_join_request
         where note <> ''
         order by lineage_id, user_id, created_at desc, id desc
       ) latest
       where kept.note = '' and kept.lineage_id = latest.lineage_id and kept.user_id = latest.user_id`,
    `delete from catalog_join_request r using (
       select id, row_number() over (
         partition by lineage_id, user_id order by created_at, id
       ) as rank
       from catalog_join_request
     ) ranked
     where ranked.id = r.id and ranked.rank > 1`,
    `alter table catalog_join_request alter column lineage_id set not null`,
    `alter table catalog_join_request drop constraint catalog_join_request_once`,
    `alter table catalog_join_request
       add constraint catalog_join_request_once unique (lineage_id, user_id)`,
    `drop index catalog_join_request_organization_idx`,
    `create index catalog_join_request_organization_idx
       on catalog_join_request (organization_id, lineage_id)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    `drop index catalog_join_request_organization_idx`,
    `create index catalog_join_request_organization_idx
       on catalog_join_request (organization_id, program_id)`,
    `alter table catalog_join_request drop constraint catalog_join_request_once`,
    `alter table catalog_join_request
       add constraint catalog_join_request_once unique (program_id, user_id)`,
    `alter table catalog_join_request drop column lineage_id`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
