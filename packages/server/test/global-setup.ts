// Prepares one migrated database per test project, which every test file then clones cheaply:
// PGlite: a dumped data directory (opening a fresh PGlite runs initdb, ~5 s; a clone ~1 s).
// PostgreSQL: a template database, copied with CREATE DATABASE … TEMPLATE per test file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const driver = process.env.TEST_DB_DRIVER ?? project.config.env?.TEST_DB_DRIVER;
  if (driver === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is required for the postgres project');
    const { default: postgres } = await import('postgres');
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await dropLeftovers(admin);
    const template = `sc_tpl_${process.pid}_${Date.now().toString(36)}`;
    await admin.unsafe(`create database "${template}"`);
    const handle = await openDatabase({ databaseUrl: withDatabase(url, template), maxConnections: 2 });
    await handle.migrate();
    await handle.close();
    project.provide('pgTemplate', template);
    project.provide('pgliteDump', '');
    return async () => {
      // Clones left by crashed files go too: they all start with the template's name.
      const left = await admin<
        { datname: string }[]
      >`select datname from pg_database where datname like ${`${template}%`}`;
      for (const { datname } of left) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
      await admin.end();
    };
  }
  const handle = await openDatabase({});
  await handle.migrate();
  const dump = await handle.dumpDataDir!();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sc-pglite-'));
  const file = path.join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('pgliteDump', file);
  project.provide('pgTemplate', '');
  return () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Databases from earlier runs that died before their teardown: their pid (in the name) is gone. */
async function dropLeftovers(admin: import('postgres').Sql) {
  const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'sc\_tpl\_%'`;
  for (const { datname } of rows) {
    const pid = Number(/^sc_tpl_(\d+)_/.exec(datname)?.[1]);
    if (!pid || isAlive(pid)) continue;
    await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
