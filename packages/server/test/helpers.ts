// Test harness: one database per test file (cloned from the project's migrated one), the real app
// built in-process, and small helpers to act as an admin, an agent or a visitor.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp, type BuildOptions } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type DatabaseHandle } from '../src/db/client.js';
import { withDatabase } from './global-setup.js';

export const driver = (process.env.TEST_DB_DRIVER ?? 'pglite') as 'pglite' | 'postgres';
export const ADMIN = { email: 'admin@test.local', password: 'correct horse battery' };

export interface TestDatabase {
  handle: DatabaseHandle;
  /** postgres.js URL of this file's database (postgres driver only). */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (driver === 'postgres') {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `${inject('pgTemplate')}_${randomBytes(4).toString('hex')}`;
    const { default: postgres } = await import('postgres');
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    // Concurrent clones of one template can collide for a moment ("being accessed by other users").
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${inject('pgTemplate')}"`);
        break;
      } catch (err) {
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const url = withDatabase(base, name);
    const handle = await openDatabase({ databaseUrl: url, maxConnections: 10 });
    return {
      handle,
      url,
      drop: async () => {
        await handle.close().catch(() => {});
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const dump = new Blob([readFileSync(inject('pgliteDump'))]);
  const handle = await openDatabase({ loadDataDir: dump });
  return { handle, drop: () => handle.close().catch(() => {}) };
}

export type Env = Record<string, string>;

// Uploads land here, not in the repository's ./data.
const testDataDir = mkdtempSync(path.join(os.tmpdir(), 'sc-test-data-'));

export const baseEnv: Env = {
  DATA_DIR: testDataDir,
  LOG_LEVEL: 'silent',
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  PORT: '3000',
  HOST: '127.0.0.1',
  // Generous limits for ordinary tests; the rate-limit tests build an app with small ones.
  RATE_LIMIT_CHAT_START: '100000',
  RATE_LIMIT_LOGIN: '100000',
  RATE_LIMIT_PUBLIC_TICKET: '100000',
  RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
};

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  /** Origin the server considers its own (PORT/HOST above). */
  origin: string;
  close(): Promise<void>;
}

export async function createTestApp(
  env: Env = {},
  opts: Omit<BuildOptions, 'database'> = {},
  db?: TestDatabase,
): Promise<TestApp> {
  const database = db ?? (await createTestDatabase());
  const config = loadConfig({ ...baseEnv, ...env });
  const app = await buildApp(config, { ...opts, database: database.handle });
  await app.ready();
  return {
    app,
    db: database,
    origin: 'http://127.0.0.1:3000',
    close: async () => {
      await app.close();
      if (!db) await database.drop();
    },
  };
}

export const json = <T = any>(res: LightMyRequestResponse): T => res.json() as T;
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function login(app: FastifyInstance, email = ADMIN.email, password = ADMIN.password): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return json(res).token;
}

let seq = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++seq}-${randomBytes(3).toString('hex')}`;

/** Creates an agent (via the admin API) and returns its id and a session token. */
export async function createAgent(app: FastifyInstance, adminToken: string, fields: Record<string, unknown> = {}) {
  const email = `${unique('agent')}@test.local`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/agents',
    headers: bearer(adminToken),
    payload: { name: 'Agent Smith', email, password: 'agent-password', ...fields },
  });
  if (res.statusCode !== 201) throw new Error(`create agent failed: ${res.statusCode} ${res.body}`);
  const body = json(res);
  const token = await login(app, email, (fields.password as string) ?? 'agent-password');
  return { agentId: body.agent.id as string, userId: body.user.id as string, email, token };
}

/** Starts a conversation as a new anonymous (or identified) visitor. */
export async function startChat(
  app: FastifyInstance,
  payload: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await app.inject({ method: 'POST', url: '/api/chat/start', payload, headers });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`start failed: ${res.statusCode} ${res.body}`);
  const body = json(res);
  return { conversation: body.conversation, token: body.visitorToken as string, res };
}

export async function send(
  app: FastifyInstance,
  token: string,
  conversationId: string,
  payload: Record<string, unknown>,
) {
  return app.inject({ method: 'POST', url: `/api/chat/${conversationId}/message`, headers: bearer(token), payload });
}
