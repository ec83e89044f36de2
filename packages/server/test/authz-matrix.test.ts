// SECURITY.md item 15: who may call what, as data. Every route in the OpenAPI document must have a row,
// and every row is walked for anonymous, visitor, agent and admin callers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, startChat, type TestApp } from './helpers.js';

type Access = 'public' | 'visitor+agent' | 'agent' | 'admin';

const MATRIX: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'visitor+agent',
  'GET /api/auth/me': 'agent',
  'GET /api/api-keys': 'admin',
  'POST /api/api-keys': 'admin',
  'DELETE /api/api-keys/{id}': 'admin',
  'GET /api/agents': 'admin',
  'POST /api/agents': 'admin',
  'GET /api/agents/{id}': 'admin',
  'PUT /api/agents/{id}': 'admin',
  'GET /api/teams': 'admin',
  'POST /api/teams': 'admin',
  'GET /api/teams/{id}': 'admin',
  'PUT /api/teams/{id}': 'admin',
  'GET /api/sites': 'admin',
  'POST /api/sites': 'admin',
  'GET /api/sites/{id}': 'admin',
  'PUT /api/sites/{id}': 'admin',
  'GET /api/sites/by-key/{siteKey}': 'public',
  'POST /api/chat/start': 'public',
  'GET /api/chat/queue': 'agent',
  'GET /api/chat/analytics': 'agent',
  'GET /api/chat': 'visitor+agent',
  'GET /api/chat/{id}': 'visitor+agent',
  'PUT /api/chat/{id}': 'visitor+agent',
  'POST /api/chat/{id}/message': 'visitor+agent',
  'GET /api/chat/{id}/messages': 'visitor+agent',
  'POST /api/chat/{id}/read': 'visitor+agent',
  'POST /api/chat/{id}/typing': 'visitor+agent',
  'POST /api/tickets': 'public',
  'GET /api/tickets': 'visitor+agent',
  'GET /api/tickets/{id}': 'visitor+agent',
  'PUT /api/tickets/{id}': 'agent',
  'GET /api/routing-rules': 'admin',
  'POST /api/routing-rules': 'admin',
  'PUT /api/routing-rules/{id}': 'admin',
  'DELETE /api/routing-rules/{id}': 'admin',
  'PUT /api/agents/{id}/status': 'agent',
  'POST /api/chat/{id}/accept': 'agent',
  'POST /api/chat/{id}/transfer': 'agent',
  'POST /api/chat/{id}/return': 'agent',
  'GET /api/sites/{siteKey}/availability': 'public',
  'POST /api/uploads': 'visitor+agent',
  'GET /api/uploads/{id}': 'visitor+agent',
};

const allowed: Record<Access, string[]> = {
  public: ['anonymous', 'visitor', 'agent', 'admin'],
  'visitor+agent': ['visitor', 'agent', 'admin'],
  agent: ['agent', 'admin'],
  admin: ['admin'],
};

let t: TestApp;
let tokens: Record<string, string | undefined>;

beforeAll(async () => {
  t = await createTestApp();
  const adminToken = await login(t.app);
  const agent = await createAgent(t.app, adminToken);
  const visitor = await startChat(t.app, {});
  tokens = { anonymous: undefined, visitor: visitor.token, agent: agent.token, admin: adminToken };
});
afterAll(() => t.close());

it('every route in the API has a row in the matrix, and every row is a route', async () => {
  const doc = json(await t.app.inject({ url: '/docs/json' }));
  const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  expect(routes.filter((r) => !(r in MATRIX)), 'routes without a row').toEqual([]);
  expect(Object.keys(MATRIX).filter((r) => !routes.includes(r)), 'rows without a route').toEqual([]);
});

it('each role gets exactly the access its row says', async () => {
  const id = '00000000-0000-4000-8000-00000000abcd';
  for (const [route, access] of Object.entries(MATRIX)) {
    const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'DELETE', string];
    const url = path.replace('{id}', id).replace('{siteKey}', 'site_unknown');
    for (const role of ['anonymous', 'visitor', 'agent', 'admin']) {
      const token = tokens[role];
      if (route === 'POST /api/auth/logout' && token) continue; // would end the session the next rows use
      const res = await t.app.inject({ method, url, headers: token ? bearer(token) : {}, payload: method === 'GET' ? undefined : {} });
      const label = `${role} ${route} -> ${res.statusCode} ${res.body.slice(0, 80)}`;
      if (allowed[access].includes(role)) expect([401, 403], label).not.toContain(res.statusCode);
      else expect(res.statusCode, label).toBe(role === 'anonymous' ? 401 : 403);
    }
  }
});
