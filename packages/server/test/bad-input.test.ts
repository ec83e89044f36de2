// Every outside input that is wrong gets a clear 4xx in the one error shape: never a 500 or a stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';

let t: TestApp;
let adminToken: string;
let visitor: Awaited<ReturnType<typeof startChat>>;

beforeAll(async () => {
  t = await createTestApp();
  adminToken = await login(t.app);
  visitor = await startChat(t.app, {});
});
afterAll(() => t.close());

const expectError = (res: { statusCode: number; json(): unknown; body: string }, status: number, code?: string) => {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  const body = res.json() as { error: { code: string; message: string } };
  expect(body.error.code).toEqual(code ?? expect.any(String));
  expect(body.error.message).toEqual(expect.any(String));
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+|Failed query|drizzle|postgres/i);
};

describe('malformed requests', () => {
  it('malformed JSON, an empty JSON body and a non-JSON content type', async () => {
    const url = `/api/chat/${visitor.conversation.id}/message`;
    expectError(
      await t.app.inject({
        method: 'POST',
        url,
        headers: { ...bearer(visitor.token), 'content-type': 'application/json' },
        payload: '{"content": "x",',
      }),
      400,
      'INVALID_JSON',
    );
    expectError(
      await t.app.inject({
        method: 'POST',
        url,
        headers: { ...bearer(visitor.token), 'content-type': 'application/json' },
        payload: '',
      }),
      400,
      'INVALID_JSON',
    );
    expectError(
      await t.app.inject({
        method: 'POST',
        url,
        headers: { ...bearer(visitor.token), 'content-type': 'application/xml' },
        payload: '<a/>',
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('wrong types and missing fields name the failing fields', async () => {
    const res = await send(t.app, visitor.token, visitor.conversation.id, { content: 42, messageType: 'telepathy' });
    expectError(res, 400, 'VALIDATION_ERROR');
    const paths = (json(res).error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.content', 'body.messageType']));
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: bearer(adminToken),
      payload: { priority: 'urgent' },
    });
    expectError(missing, 400, 'VALIDATION_ERROR');
    expect((json(missing).error.details as { path: string }[]).map((d) => d.path)).toEqual(
      expect.arrayContaining(['body.subject', 'body.description']),
    );
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: bearer(adminToken),
        payload: { subject: 's', description: 'd', priority: 'critical', customerEmail: 'a@b.co' },
      }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { customerEmail: 'not-an-email' } }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: [1, 2, 3] }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { tags: 'not-a-list' } }),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('bad UUIDs in paths, unknown routes and unsupported methods', async () => {
    expectError(
      await t.app.inject({ url: '/api/chat/not-a-uuid', headers: bearer(visitor.token) }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await t.app.inject({ url: "/api/chat/1'%20OR%201=1", headers: bearer(visitor.token) }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(await t.app.inject({ url: '/api/nothing-here' }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'DELETE', url: '/api/chat/start' }), 404, 'NOT_FOUND');
    expectError(
      await t.app.inject({ url: `/api/chat/${'a'.repeat(5000)}`, headers: bearer(visitor.token) }),
      400,
      'BAD_REQUEST',
    );
    expectError(await t.app.inject({ url: '/api/chat/%E0%A4%A' }), 400);
  });

  it('huge payloads: over-long strings are 400, a body over the limit is 413', async () => {
    const long = await send(t.app, visitor.token, visitor.conversation.id, { content: 'x'.repeat(10_001) });
    expectError(long, 400, 'VALIDATION_ERROR');
    const mib = await send(t.app, visitor.token, visitor.conversation.id, { content: 'x'.repeat(1024 * 1024) });
    expectError(mib, 413, 'PAYLOAD_TOO_LARGE');
    const name = await t.app.inject({
      method: 'POST',
      url: '/api/chat/start',
      payload: { customerName: 'n'.repeat(100_000) },
    });
    expectError(name, 400, 'VALIDATION_ERROR');
    const manyTags = await t.app.inject({
      method: 'POST',
      url: '/api/chat/start',
      payload: { tags: Array.from({ length: 500 }, (_, i) => `t${i}`) },
    });
    expectError(manyTags, 400, 'VALIDATION_ERROR');
  });

  it('NUL characters are refused; lone surrogates and deep nesting do not crash', async () => {
    expectError(
      await send(t.app, visitor.token, visitor.conversation.id, { content: 'a\u0000b' }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { customerName: 'x\u0000' } }),
      400,
      'VALIDATION_ERROR',
    );
    const surrogate = await t.app.inject({
      method: 'POST',
      url: `/api/chat/${visitor.conversation.id}/message`,
      headers: { ...bearer(visitor.token), 'content-type': 'application/json' },
      payload: '{"content":"bad \\ud800 half"}',
    });
    expect([201, 400]).toContain(surrogate.statusCode);
    let deep = '1';
    for (let i = 0; i < 10_000; i++) deep = `{"a":${deep}}`;
    const nested = await t.app.inject({
      method: 'POST',
      url: '/api/chat/start',
      headers: { 'content-type': 'application/json' },
      payload: `{"metadata":${deep}}`,
    });
    expect(nested.statusCode).toBeGreaterThanOrEqual(400);
    expect(nested.statusCode).toBeLessThan(500);
  });

  it('prototype poisoning is refused and pollutes nothing', async () => {
    for (const payload of [
      '{"__proto__":{"polluted":true},"customerName":"x"}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"metadata":{"__proto__":{"polluted":true}}}',
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/chat/start',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('metadata keys and values are checked', async () => {
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { metadata: { 'bad key!': 1 } } }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { metadata: { nested: { a: 1 } } } }),
      400,
      'VALIDATION_ERROR',
    );
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/chat/start',
      payload: { metadata: { pageUrl: 'https://shop.example/cart?x=<b>', plan: 'pro', seats: 3, beta: true } },
    });
    expect(ok.statusCode).toBe(201);
    expect(json(ok).conversation.metadata).toEqual({
      pageUrl: 'https://shop.example/cart?x=<b>',
      plan: 'pro',
      seats: 3,
      beta: true,
    });
  });

  it('attachment URLs must be http(s) or uploads: no javascript: or data: links', async () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'JaVaScRiPt:alert(1)',
      '//evil.example/x',
    ]) {
      const res = await send(t.app, visitor.token, visitor.conversation.id, {
        content: 'file',
        messageType: 'file',
        attachments: [{ url, name: 'x', mimeType: 'text/html', size: 1 }],
      });
      expectError(res, 400, 'VALIDATION_ERROR');
    }
  });
});

describe('rate limits', () => {
  it('limits conversation starts per IP with 429 and Retry-After', async () => {
    const limited = await createTestApp({ RATE_LIMIT_CHAT_START: '3' }, {}, t.db);
    try {
      const codes: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await limited.app.inject({
          method: 'POST',
          url: '/api/chat/start',
          payload: {},
          remoteAddress: '203.0.113.7',
        });
        codes.push(last.statusCode);
      }
      expect(codes).toEqual([201, 201, 201, 429, 429]);
      expectError(last!, 429, 'RATE_LIMITED');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      // Another IP is not affected.
      const other = await limited.app.inject({
        method: 'POST',
        url: '/api/chat/start',
        payload: {},
        remoteAddress: '203.0.113.8',
      });
      expect(other.statusCode).toBe(201);
    } finally {
      await limited.app.close();
    }
  });

  it('limits REST message sends per visitor, not per IP', async () => {
    const limited = await createTestApp({ RATE_LIMIT_MESSAGES_PER_MINUTE: '3' }, {}, t.db);
    try {
      const a = await startChat(limited.app, {});
      const b = await startChat(limited.app, {});
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await send(limited.app, a.token, a.conversation.id, { content: `m${i}` })).statusCode);
      expect(codes).toEqual([201, 201, 201, 429]);
      // Same IP, another visitor: unaffected.
      expect((await send(limited.app, b.token, b.conversation.id, { content: 'hi' })).statusCode).toBe(201);
    } finally {
      await limited.app.close();
    }
  });

  it('limits logins per IP', async () => {
    const limited = await createTestApp({ RATE_LIMIT_LOGIN: '2' }, {}, t.db);
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) {
        codes.push(
          (
            await limited.app.inject({
              method: 'POST',
              url: '/api/auth/login',
              payload: { email: 'x@y.zz', password: 'whatever' },
              remoteAddress: '198.51.100.1',
            })
          ).statusCode,
        );
      }
      expect(codes).toEqual([401, 401, 429]);
    } finally {
      await limited.app.close();
    }
  });
});

describe('failures inside', () => {
  it('a dead database answers 503 with Retry-After and a generic body, and readyz says 503', async () => {
    const { createTestDatabase } = await import('./helpers.js');
    const db = await createTestDatabase();
    const broken = await createTestApp({}, {}, db);
    try {
      const token = await login(broken.app);
      expect((await broken.app.inject({ url: '/readyz' })).statusCode).toBe(200);
      await db.handle.close();
      const res = await broken.app.inject({ url: '/api/chat/queue', headers: bearer(token) });
      expectError(res, 503, 'SERVICE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('2');
      expect(json(res).error).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        message: 'The service is briefly unavailable; try again shortly',
        details: { retryAfterSeconds: 2 },
      });
      expectError(await broken.app.inject({ url: '/readyz' }), 503, 'NOT_READY');
      expect((await broken.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await broken.app.close();
      await db.drop();
    }
  });
});
