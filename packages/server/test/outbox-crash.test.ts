// The outbox across a crash: the compiled server commits an urgent ticket (and with it the texts to whoever is on
// call), is killed with SIGKILL before its dispatcher runs, and on the next start every text is delivered once —
// and a third start sends nothing more. Against a local server speaking Twilio's Messages API.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, driver, type TestDatabase } from './helpers.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(serverDir, `dist/crash-${process.pid}-${driver}.js`);
const ONCALL = ['+14155550111', '+14155550122'];
const SID = 'AC0123456789abcdef0123456789abcdef';

let twilio: Server;
let twilioUrl: string;
const texts: { to: string; body: string }[] = [];
let dataDir: string;
let db: TestDatabase | undefined;
const env: Record<string, string> = {};

beforeAll(async () => {
  const b = spawnSync(process.execPath, ['build.mjs', path.relative(serverDir, compiled)], {
    cwd: serverDir,
    encoding: 'utf8',
  });
  expect(b.status, b.stderr).toBe(0);
  twilio = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      texts.push({ to: form.get('To') ?? '', body: form.get('Body') ?? '' });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid: `SM${String(texts.length).padStart(32, '0')}`, status: 'queued' }));
    });
  });
  await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', r));
  twilioUrl = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sc-crash-'));
  if (driver === 'postgres') {
    db = await createTestDatabase();
    await db.handle.close();
    env.DATABASE_URL = db.url!;
  }
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: 'admin-password-1',
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: 'twilio-auth-token-1',
    TWILIO_PHONE_NUMBER: '+14155550100',
    TWILIO_API_URL: twilioUrl,
    SMS_ONCALL_NUMBERS: ONCALL.join(','),
  });
}, 60_000);

afterAll(async () => {
  twilio?.close();
  rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
  for (const f of [compiled, compiled.replace(/\.js$/, '-history.js')]) {
    rmSync(f, { force: true });
    rmSync(`${f}.map`, { force: true });
  }
});

/** Starts the compiled server; resolves with its base URL once it listens. */
function start(extra: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [compiled], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const seen = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, base: m[1]! });
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

const stop = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((r) => {
    child.removeAllListeners('exit');
    child.once('exit', () => r());
    child.kill(signal);
  });

it('texts committed before a crash are delivered once after the restart, and never again', async () => {
  // First life: the dispatcher's sweep is an hour away, so the ticket's texts are committed and not yet sent.
  const first = await start({ NOTIFY_SWEEP_SECONDS: '3600' });
  const post = async (url: string, body: object, token?: string) => {
    const res = await fetch(first.base + url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    expect(res.status, url).toBeLessThan(300);
    return res.json() as Promise<{ token?: string; conversation?: { id: string } }>;
  };
  const { token } = await post('/api/auth/login', { email: 'admin@example.com', password: 'admin-password-1' });
  const { conversation } = await post('/api/chat/start', { customerName: 'Cara Crash', message: 'site down' });
  await post(
    '/api/tickets',
    { conversationId: conversation!.id, subject: 'Checkout is down', description: 'x', priority: 'urgent' },
    token,
  );
  await stop(first.child, 'SIGKILL');
  expect(texts).toEqual([]);

  // Second life: the outbox is swept at once and each text goes out.
  const second = await start({ NOTIFY_SWEEP_SECONDS: '1' });
  await expect.poll(() => texts.length, { timeout: 15_000 }).toBe(2);
  expect(texts.map((t) => t.to).sort()).toEqual(ONCALL);
  expect(new Set(texts.map((t) => t.body))).toEqual(new Set(['[URGENT] New ticket from Cara Crash: Checkout is down']));
  await stop(second.child, 'SIGTERM');

  // Third life: nothing left to send.
  const third = await start({ NOTIFY_SWEEP_SECONDS: '1' });
  await new Promise((r) => setTimeout(r, 2500));
  await stop(third.child, 'SIGTERM');
  expect(texts).toHaveLength(2);
}, 90_000);
