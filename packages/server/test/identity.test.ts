import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerHash } from '../src/lib/secrets.js';
import { bearer, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';

let t: TestApp;
let adminToken: string;
let site: { id: string; siteKey: string; identitySecret: string };

beforeAll(async () => {
  t = await createTestApp({ ALLOWED_ORIGINS: 'https://shop.example' });
  adminToken = await login(t.app);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/sites',
    headers: bearer(adminToken),
    payload: { name: 'Verified shop', allowedOrigins: ['https://verified.example'], requireVerification: true },
  });
  site = { ...json(res).site, identitySecret: json(res).identitySecret };
});
afterAll(() => t.close());

describe('sites', () => {
  it('ALLOWED_ORIGINS takes effect on every start and logs what changed; unset, it leaves the stored list alone', async () => {
    const { Writable } = await import('node:stream');
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const defaultOrigins = async (app: TestApp['app']) =>
      json(await app.inject({ url: '/api/sites', headers: bearer(await login(app)) })).sites.find(
        (s: { name: string }) => s.name === 'Default site',
      ).allowedOrigins;
    const restarted = await createTestApp(
      { ALLOWED_ORIGINS: 'https://shop.example,https://new.example', LOG_LEVEL: 'info' },
      { logStream },
      t.db,
    );
    try {
      expect(await defaultOrigins(restarted.app)).toEqual(['https://shop.example', 'https://new.example']);
      const change = lines
        .map((l) => JSON.parse(l))
        .find((l) => l.msg === "ALLOWED_ORIGINS changed the default site's allowed origins");
      expect(change).toMatchObject({ added: ['https://new.example'], removed: [] });
    } finally {
      await restarted.app.close();
    }
    const unset = await createTestApp({}, {}, t.db);
    try {
      expect(await defaultOrigins(unset.app)).toEqual(['https://shop.example', 'https://new.example']);
    } finally {
      await unset.app.close();
    }
    // Back as the rest of this file expects it.
    const back = await createTestApp({ ALLOWED_ORIGINS: 'https://shop.example' }, {}, t.db);
    expect(await defaultOrigins(back.app)).toEqual(['https://shop.example']);
    await back.app.close();
  });

  it('a default site exists with ALLOWED_ORIGINS; the secret is shown once, the public lookup has only the widget', async () => {
    expect(site.identitySecret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const sites = json(await t.app.inject({ url: '/api/sites', headers: bearer(adminToken) })).sites;
    const def = sites.find((s: { name: string }) => s.name === 'Default site');
    expect(def.allowedOrigins).toEqual(['https://shop.example']);
    expect(def.isDefault).toBe(true);
    expect(def).not.toHaveProperty('identitySecret');
    const mine = sites.find((s: { id: string }) => s.id === site.id);
    expect(mine).not.toHaveProperty('identitySecret');
    expect(mine.identitySecretHint).toBe(site.identitySecret.slice(-4));
    expect(JSON.stringify(sites)).not.toContain(site.identitySecret);
    const pub = json(await t.app.inject({ url: `/api/sites/by-key/${site.siteKey}` }));
    expect(pub.site).toEqual({
      name: 'Verified shop',
      siteKey: site.siteKey,
      requireVerification: true,
      widget: {
        accentColor: '#2563eb',
        position: 'right',
        teamName: '',
        greeting: '',
        launcherText: '',
        offlineMode: 'form',
        proactive: [],
      },
    });
    expect((await t.app.inject({ url: '/api/sites/by-key/site_nope' })).statusCode).toBe(404);
  });

  it('refuses origins that are not bare origins', async () => {
    for (const o of ['https://a.example/path', 'javascript:alert(1)', '*', 'https://a.example/']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/sites',
        headers: bearer(adminToken),
        payload: { name: 'x', allowedOrigins: [o] },
      });
      expect(res.statusCode, o).toBe(400);
    }
  });
});

describe('identity verification', () => {
  const start = (payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { siteKey: site.siteKey, ...payload }, headers });

  it('requires a correct customerHash for identified customers, refused before anything is written', async () => {
    const before = json(await t.app.inject({ url: '/api/chat?limit=100', headers: bearer(adminToken) })).total;
    const missing = await start({ customerId: 'vip-1' });
    expect(missing.statusCode).toBe(403);
    expect(json(missing).error.code).toBe('IDENTITY_VERIFICATION_FAILED');
    const wrong = await start({ customerId: 'vip-1', customerHash: customerHash(site.identitySecret, 'vip-2') });
    expect(wrong.statusCode).toBe(403);
    const malformed = await start({ customerId: 'vip-1', customerHash: 'zz' });
    expect(malformed.statusCode).toBe(400);
    expect(json(await t.app.inject({ url: '/api/chat?limit=100', headers: bearer(adminToken) })).total).toBe(before);
    const right = await start({ customerId: 'vip-1', customerHash: customerHash(site.identitySecret, 'vip-1') });
    expect(right.statusCode).toBe(201);
    expect(json(right).conversation).toMatchObject({ customerId: 'vip-1', customerVerified: true, siteId: site.id });
  });

  it('a verified customer sees their history from another device; an unverified claim never does', async () => {
    const hash = customerHash(site.identitySecret, 'vip-2');
    const first = json(await start({ customerId: 'vip-2', customerHash: hash, message: 'from my laptop' }));
    const phone = json(await start({ customerId: 'vip-2', customerHash: hash }));
    expect(phone.visitorToken).not.toBe(first.visitorToken);
    const history = await t.app.inject({
      url: `/api/chat/${first.conversation.id}/messages`,
      headers: bearer(phone.visitorToken),
    });
    expect(history.statusCode).toBe(200);
    expect(json(history).messages[0].content).toBe('from my laptop');

    // On the default site (no verification required) someone claims vip-2 without a hash.
    const impostor = await startChat(t.app, { customerId: 'vip-2' });
    expect(
      (await t.app.inject({ url: `/api/chat/${first.conversation.id}`, headers: bearer(impostor.token) })).statusCode,
    ).toBe(404);
  });

  it('anonymous visitors may still chat on a verifying site', async () => {
    const res = await start({ customerName: 'Guest' });
    expect(res.statusCode).toBe(201);
    expect(json(res).conversation.customerVerified).toBe(false);
  });

  it('the identity secret can be rotated (shown once, in that answer); old hashes stop verifying', async () => {
    const made = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/sites',
        headers: bearer(adminToken),
        payload: { name: 'rot', requireVerification: true },
      }),
    );
    const oldHash = customerHash(made.identitySecret, 'r-1');
    const res1 = await t.app.inject({
      method: 'POST',
      url: `/api/sites/${made.site.id}/identity-secret`,
      headers: bearer(adminToken),
    });
    expect(res1.statusCode).toBe(200);
    const rotated = json(res1);
    expect(rotated.identitySecret).not.toBe(made.identitySecret);
    expect(rotated.site.identitySecretHint).toBe(rotated.identitySecret.slice(-4));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/chat/start',
      payload: { siteKey: made.site.siteKey, customerId: 'r-1', customerHash: oldHash },
    });
    expect(res.statusCode).toBe(403);
    const fresh = await t.app.inject({
      method: 'POST',
      url: '/api/chat/start',
      payload: {
        siteKey: made.site.siteKey,
        customerId: 'r-1',
        customerHash: customerHash(rotated.identitySecret, 'r-1'),
      },
    });
    expect(fresh.statusCode).toBe(201);
    // The audit log says a rotation happened, never the secret.
    const audit = json(
      await t.app.inject({ url: `/api/audit-log?targetId=${made.site.id}`, headers: bearer(adminToken) }),
    );
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['site.rotate_secret', 'site.create']);
    expect(JSON.stringify(audit)).not.toContain(rotated.identitySecret);
    expect(JSON.stringify(audit)).not.toContain(made.identitySecret);
  });
});

describe('origins', () => {
  it('a browser on a foreign page cannot start chats with a site key', async () => {
    const foreign = await startChatRaw({ siteKey: site.siteKey }, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(json(foreign).error.code).toBe('ORIGIN_NOT_ALLOWED');
    const lookAlike = await startChatRaw({ siteKey: site.siteKey }, { origin: 'https://verified.example.evil.com' });
    expect(lookAlike.statusCode).toBe(403);
    const nullOrigin = await startChatRaw({ siteKey: site.siteKey }, { origin: 'null' });
    expect(nullOrigin.statusCode).toBe(403);
    const allowed = await startChatRaw({ siteKey: site.siteKey }, { origin: 'https://verified.example' });
    expect(allowed.statusCode).toBe(201);
    const server = await startChatRaw({}, { origin: 'http://localhost', host: 'localhost' });
    expect(server.statusCode).toBe(201);
  });

  it('answers CORS preflights for allowed site origins only, without credentials', async () => {
    const pre = (origin: string) =>
      t.app.inject({
        method: 'OPTIONS',
        url: '/api/chat/start',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const ok = await pre('https://verified.example');
    expect(ok.headers['access-control-allow-origin']).toBe('https://verified.example');
    expect(ok.headers['access-control-allow-credentials']).toBeUndefined();
    const bad = await pre('https://evil.example');
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("a visitor cookie only works for state changes from the server or the site's origins", async () => {
    const res = await startChatRaw({ siteKey: site.siteKey }, { origin: 'https://verified.example' });
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    const id = json(res).conversation.id;
    const post = (origin: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/chat/${id}/message`,
        payload: { content: 'hi' },
        headers: { cookie, origin },
      });
    expect((await post('https://verified.example')).statusCode).toBe(201);
    expect((await post('https://evil.example')).statusCode).toBe(403);
  });
});

describe('the visitor token', () => {
  it("the cookie alone authenticates same-origin calls (the seed's fetch examples rely on it)", async () => {
    const res = await startChatRaw({});
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    const id = json(res).conversation.id;
    const msg = await t.app.inject({
      method: 'POST',
      url: `/api/chat/${id}/message`,
      payload: { content: 'cookie only' },
      headers: { cookie },
    });
    expect(msg.statusCode).toBe(201);
  });

  it('logout revokes a visitor token', async () => {
    const v = await startChat(t.app, {});
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(v.token) })).statusCode).toBe(
      200,
    );
    expect((await send(t.app, v.token, v.conversation.id, { content: 'x' })).statusCode).toBe(401);
  });
});

function startChatRaw(payload: object, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/chat/start', payload, headers });
}
