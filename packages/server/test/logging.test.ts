// Logs never hold tokens, passwords, cookies or message bodies: capture the stream of a real run and look.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redactUrl } from '../src/lib/logger.js';
import { ADMIN, bearer, createTestApp, json, type TestApp } from './helpers.js';

let t: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  t = await createTestApp({ LOG_LEVEL: 'trace' }, { logStream: stream });
});
afterAll(() => t.close());

it('a login, a chat and a ticket leave no secret or message text in the log', async () => {
  const secretText = 'my card number is 4111-1111-1111-1111';
  const loginRes = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
  const token = json(loginRes).token as string;
  const cookie = String(loginRes.headers['set-cookie']).split(';')[0]!;
  const start = json(await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { message: secretText } }));
  await t.app.inject({
    method: 'POST',
    url: `/api/chat/${start.conversation.id}/message`,
    headers: bearer(start.visitorToken),
    payload: { content: secretText },
  });
  await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
  await t.app.inject({ url: `/api/chat/queue?token=${token}`, headers: bearer(token) });
  await t.app.inject({
    method: 'POST',
    url: '/api/tickets',
    headers: bearer(token),
    payload: { subject: 's', description: secretText, customerEmail: 'a@b.co' },
  });
  await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: ADMIN.email, password: 'wrong-but-secret-pw' },
  });
  // What an agent searched for is about a customer; an upload logs multipart's options at trace level.
  await t.app.inject({ url: '/api/search?q=ssn-078-05-1120', headers: bearer(token) });
  await t.app.inject({ url: `/api/chat/${start.conversation.id}/messages?q=ssn-078-05-1120`, headers: bearer(token) });
  const boundary = 'sclog';
  await t.app.inject({
    method: 'POST',
    url: `/api/uploads?conversationId=${start.conversation.id}`,
    headers: { ...bearer(start.visitorToken), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`,
  });

  const log = lines.join('');
  expect(lines.length).toBeGreaterThan(5);
  expect(log).toContain('"url":"/api/chat/start"');
  expect(log).toContain('Providing options to busboy');
  expect(log).toContain('/api/search?q=[REDACTED]');
  for (const secret of [
    'ssn-078-05-1120',
    ADMIN.password,
    'wrong-but-secret-pw',
    token,
    start.visitorToken,
    cookie.split('=')[1]!,
    secretText,
    '4111-1111',
  ]) {
    expect(log, `log leaks ${secret.slice(0, 12)}…`).not.toContain(secret);
  }
});

it('redacts token-like query parameters', () => {
  expect(redactUrl('/api/ws?conversationId=1&token=abc&x=1')).toBe('/api/ws?conversationId=1&token=[REDACTED]&x=1');
  expect(redactUrl('/api/ws?TOKEN=abc')).toBe('/api/ws?TOKEN=[REDACTED]');
});

it("never logs a failed query's parameters", async () => {
  const { safeError } = await import('../src/lib/logger.js');
  const err = new Error('Failed query: insert into "messages" values ($1, $2)\nparams: 5,my secret text');
  const cause = new Error('duplicate key');
  Object.assign(err, { cause });
  const out = JSON.stringify(safeError(err));
  expect(out).not.toContain('my secret text');
  expect(out).toContain('Failed query: insert into');
  expect(out).toContain('duplicate key');
});
