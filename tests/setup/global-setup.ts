import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/db.server';
import { migrateToLatest } from '../../db/migrate';
import { adminConnection } from './postgres-admin';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a migrated PostgreSQL database each test file copies, or '' on the embedded database */
    templateDatabase: string;
  }
}

/**
 * With DATABASE_URL set, migrate one template database for the whole run; every test
 * file then gets its own copy (CREATE DATABASE … TEMPLATE), so files never share rows.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(path.resolve('build/index.js'))) {
    throw new Error('Run `npm run build` before the tests: the HTTP tests serve the real build.');
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    project.provide('templateDatabase', '');
    return;
  }

  const templateName = `cadre_template_${randomBytes(4).toString('hex')}`;
  const admin = adminConnection(databaseUrl);
  await admin.unsafe(`create database ${templateName}`);
  const template = await openDatabase({
    databaseUrl: withDatabase(databaseUrl, templateName),
    maxConnections: 1,
  });
  await migrateToLatest(template.db);
  await template.db.destroy();
  project.provide('templateDatabase', templateName);

  return async () => {
    // test files drop their own copies; a crashed run may leave some behind, so sweep them too
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`cadre_test_${templateName.slice(-8)}_%`}`;
    for (const { datname } of leftovers) {
      await admin.unsafe(`drop database if exists ${datname} with (force)`);
    }
    await admin.unsafe(`drop database if exists ${templateName} with (force)`);
    await admin.end();
  };
}

export function withDatabase(databaseUrl: string, name: string) {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
