import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, createAgent, createTestApp, json, login, startChat, unique, type TestApp } from './helpers.js';

let t: TestApp;
let adminToken: string;

beforeAll(async () => {
  t = await createTestApp();
  adminToken = await login(t.app);
});
afterAll(() => t.close());

const cookieOf = (setCookie: unknown, name: string) => {
  const all = ([] as string[]).concat((setCookie as string | string[] | undefined) ?? []);
  const line = all.find((c) => c.startsWith(`${name}=`));
  return line ? line.split(';')[0]! : undefined;
};

describe('login and sessions', () => {
  it('first start created the admin from ADMIN_EMAIL/ADMIN_PASSWORD; login returns token, user and a cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ADMIN@test.local', password: ADMIN.password },
    });
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.token).toMatch(/^scs_/);
    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(/sc_session=/);
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    const me = json(
      await t.app.inject({
        url: '/api/auth/me',
        headers: { cookie: cookieOf(res.headers['set-cookie'], 'sc_session')! },
      }),
    );
    expect(me.user.email).toBe(ADMIN.email);
    expect(me.agent).toMatchObject({ name: 'Admin' });
  });

  it('wrong password and unknown email answer the same 401', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN.email, password: 'nope-nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ghost@test.local', password: 'nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(json(wrong)).toEqual(json(unknown));
    expect(json(wrong).error.code).toBe('INVALID_CREDENTIALS');
  });

  it('logout revokes the session server-side', async () => {
    const token = await login(t.app);
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
    expect(out.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('logging in again rotates the session: the old cookie stops working', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    const oldCookie = cookieOf(first.headers['set-cookie'], 'sc_session')!;
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: ADMIN,
      headers: { cookie: oldCookie },
    });
    const newCookie = cookieOf(second.headers['set-cookie'], 'sc_session')!;
    expect(newCookie).not.toBe(oldCookie);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: oldCookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: newCookie } })).statusCode).toBe(200);
  });

  it('an expired session is refused', async () => {
    const { createUserSession } = await import('../src/identity/sessions.js');
    const me = json(await t.app.inject({ url: '/api/auth/me', headers: bearer(adminToken) })).user;
    const { token } = await createUserSession(
      { db: t.app.supportChat.deps.db, clock: { now: () => new Date(Date.now() - 10_000) } },
      me.id,
      1000,
    );
    const res = await t.app.inject({ url: '/api/auth/me', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
  });

  it('a malformed Authorization header is 401, not 500', async () => {
    for (const authorization of ['Basic abc', 'Bearer', 'Bearer a b', 'x'.repeat(5000)]) {
      const res = await t.app.inject({ url: '/api/auth/me', headers: { authorization } });
      expect(res.statusCode, authorization.slice(0, 20)).toBe(401);
    }
  });
});

describe('roles', () => {
  it('walks the role matrix for the admin-only routes', async () => {
    const agent = await createAgent(t.app, adminToken);
    const visitor = await startChat(t.app, {});
    const routes = [
      ['POST', '/api/agents'],
      ['POST', '/api/teams'],
      ['GET', '/api/sites'],
      ['POST', '/api/sites'],
      ['GET', '/api/api-keys'],
      ['POST', '/api/api-keys'],
    ] as const;
    for (const [method, url] of routes) {
      const as = async (headers: Record<string, string>) =>
        (await t.app.inject({ method, url, headers, payload: method === 'POST' ? {} : undefined })).statusCode;
      expect(await as({}), `${method} ${url} anonymous`).toBe(401);
      expect(await as(bearer(visitor.token)), `${method} ${url} visitor`).toBe(403);
      expect(await as(bearer(agent.token)), `${method} ${url} agent`).toBe(403);
      expect(await as(bearer(adminToken)), `${method} ${url} admin`).toBeLessThan(403);
    }
    // Colleagues and teams are readable by agents (the console's transfer list), not by visitors.
    for (const url of ['/api/agents', '/api/teams']) {
      expect((await t.app.inject({ url, headers: bearer(agent.token) })).statusCode, url).toBe(200);
      expect((await t.app.inject({ url, headers: bearer(visitor.token) })).statusCode, url).toBe(403);
    }
  });

  it('an app with a route that declares no auth does not start', async () => {
    const Fastify = (await import('fastify')).default;
    const { default: authPlugin } = await import('../src/http/auth.js');
    const app = Fastify();
    await app.register((await import('@fastify/cookie')).default);
    await app.register(authPlugin, {
      sessions: t.app.supportChat.deps,
      serverOrigin: () => '',
      siteAllowsOrigin: async () => false,
    });
    expect(() => app.get('/api/oops', async () => 'open')).toThrow(/declares no config.auth/);
    app.get('/api/fine', { config: { auth: 'public' } }, async () => 'ok');
    await app.close();
  });
});

describe('agents and teams (admin)', () => {
  it('creates an agent with a login, generating a password when none is given', async () => {
    const email = `${unique('gen')}@test.local`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/agents',
      headers: bearer(adminToken),
      payload: { name: 'Gen', email, skills: ['billing', 'de'], maxConcurrentChats: 3 },
    });
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body.agent).toMatchObject({
      name: 'Gen',
      email,
      skills: ['billing', 'de'],
      maxConcurrentChats: 3,
      status: 'offline',
      activeChats: 0,
    });
    expect(body.user).toMatchObject({ email, role: 'agent', agentId: body.agent.id });
    expect(body.initialPassword).toEqual(expect.any(String));
    expect(await login(t.app, email, body.initialPassword)).toMatch(/^scs_/);
  });

  it('refuses a duplicate email (any case) with 409', async () => {
    const email = `${unique('dup')}@test.local`;
    const mk = (e: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/agents',
        headers: bearer(adminToken),
        payload: { name: 'D', email: e, password: 'password1' },
      });
    expect((await mk(email)).statusCode).toBe(201);
    const again = await mk(email.toUpperCase());
    expect(again.statusCode).toBe(409);
    expect(json(again).error.code).toBe('EMAIL_TAKEN');
  });

  it('teams: create with members, update, list; unknown member ids are 400; duplicate names 409', async () => {
    const a = await createAgent(t.app, adminToken);
    const name = unique('Support');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: bearer(adminToken),
      payload: { name, memberIds: [a.agentId] },
    });
    expect(created.statusCode).toBe(201);
    const team = json(created).team;
    expect(team.memberIds).toEqual([a.agentId]);
    const agentView = json(await t.app.inject({ url: `/api/agents/${a.agentId}`, headers: bearer(adminToken) })).agent;
    expect(agentView.teamIds).toEqual([team.id]);
    const upd = json(
      await t.app.inject({
        method: 'PUT',
        url: `/api/teams/${team.id}`,
        headers: bearer(adminToken),
        payload: { description: 'Tier 1', memberIds: [] },
      }),
    ).team;
    expect(upd).toMatchObject({ description: 'Tier 1', memberIds: [] });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: bearer(adminToken),
      payload: { name: unique('x'), memberIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details[0].path).toBe('memberIds');
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: bearer(adminToken),
      payload: { name },
    });
    expect(dup.statusCode).toBe(409);
    const list = json(await t.app.inject({ url: '/api/teams', headers: bearer(adminToken) })).teams;
    expect(list.some((x: { id: string }) => x.id === team.id)).toBe(true);
  });

  it("a password or role change ends the agent's existing sessions", async () => {
    const a = await createAgent(t.app, adminToken);
    const put = (payload: object) =>
      t.app.inject({ method: 'PUT', url: `/api/agents/${a.agentId}`, headers: bearer(adminToken), payload });
    expect((await put({ skills: ['x'] })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(a.token) })).statusCode).toBe(200);
    expect((await put({ password: 'a-new-password' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(a.token) })).statusCode).toBe(401);
    const token2 = await login(t.app, a.email, 'a-new-password');
    await put({ role: 'admin' });
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(token2) })).statusCode).toBe(401);
    const token3 = await login(t.app, a.email, 'a-new-password');
    expect((await t.app.inject({ url: '/api/agents', headers: bearer(token3) })).statusCode).toBe(200);
  });
});

describe('API keys', () => {
  it('an admin creates a key (shown once), uses it as a bearer, and revokes it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: bearer(adminToken),
      payload: { name: 'crm-sync' },
    });
    expect(res.statusCode).toBe(201);
    const { key, apiKey } = json(res);
    expect(key).toMatch(/^sck_/);
    expect(apiKey).not.toHaveProperty('key');
    expect((await t.app.inject({ url: '/api/chat/queue', headers: bearer(key) })).statusCode).toBe(200);
    const list = json(await t.app.inject({ url: '/api/api-keys', headers: bearer(adminToken) })).apiKeys;
    expect(list.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(key);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${apiKey.id}`, headers: bearer(adminToken) }))
        .statusCode,
    ).toBe(200);
    expect((await t.app.inject({ url: '/api/chat/queue', headers: bearer(key) })).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses state changes with a session cookie from a foreign origin; bearer calls are unaffected', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    const cookie = cookieOf(res.headers['set-cookie'], 'sc_session')!;
    const payload = { name: unique('csrf') };
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/teams',
      payload,
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(json(foreign).error.code).toBe('ORIGIN_NOT_ALLOWED');
    const lookAlike = await t.app.inject({
      method: 'POST',
      url: '/api/teams',
      payload,
      headers: { cookie, origin: 'http://localhost.evil.com', host: 'localhost' },
    });
    expect(lookAlike.statusCode).toBe(403);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/teams',
      payload,
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    const same = await t.app.inject({
      method: 'POST',
      url: '/api/teams',
      payload,
      headers: { cookie, origin: 'http://localhost:80', host: 'localhost:80' },
    });
    expect(same.statusCode).toBe(201);
    const viaBearer = await t.app.inject({
      method: 'POST',
      url: '/api/teams',
      payload: { name: unique('b') },
      headers: { ...bearer(adminToken), origin: 'https://evil.example' },
    });
    expect(viaBearer.statusCode).toBe(201);
  });
});

describe('login brute force', () => {
  it('limits failed logins per account and source with 429 and Retry-After, even when the password is then right', async () => {
    const a = await createAgent(t.app, adminToken);
    const attacker = '203.0.113.7';
    let last;
    let tries = 0;
    for (let i = 0; i < 12; i++) {
      last = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: attacker,
        payload: { email: a.email, password: 'wrong-password' },
      });
      if (last.statusCode === 429) break;
      tries++;
    }
    expect(tries).toBe(5);
    expect(last!.statusCode).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: attacker,
      payload: { email: a.email, password: 'agent-password' },
    });
    expect(right.statusCode).toBe(429);
    expect(json(right).error.code).toBe('RATE_LIMITED');
    // The owner, elsewhere, is not locked out; nor is another account from the attacker's address.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '198.51.100.20',
          payload: { email: a.email, password: 'agent-password' },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: attacker, payload: ADMIN }))
        .statusCode,
    ).toBe(200);
  });
});
