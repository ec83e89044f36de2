// SECURITY.md item 15: who may call what, as data. Every route in the OpenAPI document must have a row,
// and every row is walked for anonymous, visitor, agent and admin callers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, startChat, type TestApp } from './helpers.js';

type Access = 'public' | 'visitor' | 'visitor+agent' | 'agent' | 'admin';

const MATRIX: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'visitor+agent',
  'GET /api/auth/me': 'agent',
  'PUT /api/auth/me': 'agent',
  'GET /api/api-keys': 'admin',
  'POST /api/api-keys': 'admin',
  'DELETE /api/api-keys/{id}': 'admin',
  'GET /api/agents': 'agent',
  'GET /api/agents/activity': 'admin',
  'POST /api/agents': 'admin',
  'GET /api/agents/{id}': 'admin',
  'PUT /api/agents/{id}': 'admin',
  'GET /api/teams': 'agent',
  'POST /api/teams': 'admin',
  'GET /api/teams/{id}': 'admin',
  'PUT /api/teams/{id}': 'admin',
  'DELETE /api/teams/{id}': 'admin',
  'POST /api/agents/{id}/deactivate': 'admin',
  'POST /api/agents/{id}/reactivate': 'admin',
  'GET /api/audit-log': 'admin',
  'GET /api/settings/sla': 'admin',
  'PUT /api/settings/sla': 'admin',
  'GET /api/webhooks': 'admin',
  'POST /api/webhooks': 'admin',
  'PUT /api/webhooks/{id}': 'admin',
  'DELETE /api/webhooks/{id}': 'admin',
  'POST /api/webhooks/{id}/secret': 'admin',
  'POST /api/webhooks/{id}/test': 'admin',
  'GET /api/deliveries': 'admin',
  'POST /api/deliveries/{id}/redeliver': 'admin',
  'GET /api/integrations': 'admin',
  'PUT /api/integrations/settings': 'admin',
  'GET /api/chat/{id}/crm': 'agent',
  'GET /api/sites': 'admin',
  'POST /api/sites': 'admin',
  'GET /api/sites/{id}': 'admin',
  'PUT /api/sites/{id}': 'admin',
  'POST /api/sites/{id}/identity-secret': 'admin',
  'GET /api/sites/by-key/{siteKey}': 'public',
  'POST /api/chat/start': 'public',
  'GET /api/chat/queue': 'agent',
  'GET /api/chat/analytics': 'agent',
  'GET /api/analytics/overview': 'agent',
  'GET /api/analytics/agents': 'agent',
  'GET /api/analytics/teams': 'admin',
  'GET /api/analytics/sla': 'agent',
  'GET /api/analytics/heatmap': 'agent',
  'GET /api/analytics/issues': 'agent',
  'GET /api/analytics/csat': 'agent',
  'GET /api/analytics/live': 'agent',
  'POST /api/analytics/rollups': 'admin',
  'GET /api/chat': 'visitor+agent',
  'GET /api/chat/{id}': 'visitor+agent',
  'PUT /api/chat/{id}': 'visitor+agent',
  'POST /api/chat/{id}/message': 'visitor+agent',
  'GET /api/chat/{id}/messages': 'visitor+agent',
  'GET /api/chat/{id}/events': 'visitor+agent',
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
  'PUT /api/routing-rules/order': 'admin',
  'POST /api/routing-rules/test': 'admin',
  'PUT /api/agents/{id}/status': 'agent',
  'POST /api/chat/{id}/accept': 'agent',
  'POST /api/chat/{id}/transfer': 'agent',
  'POST /api/chat/{id}/return': 'agent',
  'GET /api/sites/{siteKey}/availability': 'public',
  'PUT /api/chat/{id}/rating': 'visitor',
  'POST /api/chat/{id}/transcript': 'visitor+agent',
  'GET /api/chat/{id}/rating': 'visitor+agent',
  'POST /api/uploads': 'visitor+agent',
  'GET /api/uploads/{id}': 'visitor+agent',
  'GET /api/canned-responses': 'agent',
  'POST /api/canned-responses': 'agent',
  'GET /api/canned-responses/{id}': 'agent',
  'PUT /api/canned-responses/{id}': 'agent',
  'DELETE /api/canned-responses/{id}': 'agent',
  'PUT /api/canned-responses/categories/{category}': 'agent',
  'POST /api/canned-responses/{id}/use': 'agent',
  'GET /api/labels': 'agent',
  'POST /api/labels': 'admin',
  'PUT /api/labels/{id}': 'admin',
  'DELETE /api/labels/{id}': 'admin',
  'GET /api/views': 'agent',
  'POST /api/views': 'agent',
  'PUT /api/views/{id}': 'agent',
  'DELETE /api/views/{id}': 'agent',
  'GET /api/macros': 'agent',
  'POST /api/macros': 'agent',
  'PUT /api/macros/{id}': 'agent',
  'DELETE /api/macros/{id}': 'agent',
  'POST /api/chat/{id}/macros/{macroId}/run': 'agent',
  'PUT /api/chat/{id}/messages/{messageId}/reactions': 'visitor+agent',
  'POST /api/chat/{id}/merge': 'agent',
  'POST /api/tickets/{id}/merge': 'agent',
  'GET /api/contact': 'agent',
  'PUT /api/contact': 'agent',
  'POST /api/contact/notes': 'agent',
  'GET /api/search': 'agent',
};

const allowed: Record<Access, string[]> = {
  public: ['anonymous', 'visitor', 'agent', 'admin'],
  visitor: ['visitor'],
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
  const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
  );
  expect(
    routes.filter((r) => !(r in MATRIX)),
    'routes without a row',
  ).toEqual([]);
  expect(
    Object.keys(MATRIX).filter((r) => !routes.includes(r)),
    'rows without a route',
  ).toEqual([]);
});

it('each role gets exactly the access its row says', async () => {
  const id = '00000000-0000-4000-8000-00000000abcd';
  for (const [route, access] of Object.entries(MATRIX)) {
    const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'DELETE', string];
    const url = path.replace('{id}', id).replace('{siteKey}', 'site_unknown');
    for (const role of ['anonymous', 'visitor', 'agent', 'admin']) {
      const token = tokens[role];
      if (route === 'POST /api/auth/logout' && token) continue; // would end the session the next rows use
      const res = await t.app.inject({
        method,
        url,
        headers: token ? bearer(token) : {},
        payload: method === 'GET' ? undefined : {},
      });
      const label = `${role} ${route} -> ${res.statusCode} ${res.body.slice(0, 80)}`;
      if (allowed[access].includes(role)) expect([401, 403], label).not.toContain(res.statusCode);
      else expect(res.statusCode, label).toBe(role === 'anonymous' ? 401 : 403);
    }
  }
});

// The same for WebSocket frames: every client frame type has a row; each is tried by a visitor (on its own
// conversation) and an agent. 'own' means allowed for the visitor on its own conversation.
const FRAMES: Record<
  string,
  {
    visitor: 'allowed' | 'refused';
    agent: 'allowed' | 'refused';
    frame: (conversationId: string, messageId: string) => object;
  }
> = {
  message: {
    visitor: 'allowed',
    agent: 'allowed',
    frame: (c) => ({
      type: 'message',
      conversationId: c,
      data: { content: 'hi', clientMessageId: `m-${Math.random()}` },
    }),
  },
  typing: { visitor: 'allowed', agent: 'allowed', frame: (c) => ({ type: 'typing', conversationId: c }) },
  stop_typing: { visitor: 'allowed', agent: 'allowed', frame: (c) => ({ type: 'stop_typing', conversationId: c }) },
  read: {
    visitor: 'allowed',
    agent: 'allowed',
    frame: (c, m) => ({ type: 'read', conversationId: c, data: { messageId: m } }),
  },
  ping: { visitor: 'allowed', agent: 'allowed', frame: () => ({ type: 'ping' }) },
  resume: {
    visitor: 'allowed',
    agent: 'allowed',
    frame: (c) => ({ type: 'resume', conversationId: c, data: { afterSeq: 0 } }),
  },
  subscribe: { visitor: 'allowed', agent: 'allowed', frame: (c) => ({ type: 'subscribe', conversationId: c }) },
  unsubscribe: { visitor: 'allowed', agent: 'allowed', frame: (c) => ({ type: 'unsubscribe', conversationId: c }) },
  presence: { visitor: 'refused', agent: 'allowed', frame: () => ({ type: 'presence', data: { status: 'away' } }) },
  watch_live: { visitor: 'refused', agent: 'allowed', frame: () => ({ type: 'watch_live', data: { on: false } }) },
};

it('every WebSocket frame type has a row, and each role gets what its row says', async () => {
  const { ClientFrame } = await import('@support-chat/protocol');
  const types = ClientFrame.options.map((o) => o.shape.type.value as string);
  expect(
    types.filter((x) => !(x in FRAMES)),
    'frame types without a row',
  ).toEqual([]);
  const { connect, listen } = await import('./ws-helpers.js');
  const { startChat, send } = await import('./helpers.js');
  const host = await listen(t.app);
  const v = await startChat(t.app, {});
  const other = await startChat(t.app, {});
  const m = json(await send(t.app, tokens.agent!, v.conversation.id, { content: 'to read' })).message;
  const visitorSocket = await connect(host, { token: v.token });
  const agentSocket = await connect(host, { token: tokens.agent });
  try {
    for (const [type, row] of Object.entries(FRAMES)) {
      for (const [role, socket] of [
        ['visitor', visitorSocket],
        ['agent', agentSocket],
      ] as const) {
        const id = `${role}-${type}`;
        const from = socket.frames.length;
        socket.send({ id, ...row.frame(v.conversation.id, m.id) });
        // typing answers only when refused; everything else answers with ack, pong or error.
        const answer =
          type === 'typing' || type === 'stop_typing'
            ? await socket.next((f) => f.type === 'error' && f.data.ref === id, 300, from).catch(() => undefined)
            : await socket.next(
                (f) => (f.type === 'error' || f.type === 'ack' ? f.data.ref === id : f.type === 'pong'),
                5000,
                from,
              );
        const refused = answer?.type === 'error';
        expect(refused ? 'refused' : 'allowed', `${role} ${type}: ${JSON.stringify(answer?.data)}`).toBe(row[role]);
      }
      // Nobody reaches another visitor's conversation with any frame that names one.
      if (type === 'ping' || type === 'presence' || type === 'watch_live') continue;
      const id = `foreign-${type}`;
      visitorSocket.send({ id, ...row.frame(other.conversation.id, m.id) });
      const err = await visitorSocket.next((f) => f.type === 'error' && f.data.ref === id);
      expect(['CONVERSATION_NOT_FOUND', 'MESSAGE_NOT_FOUND'], type).toContain(err.data.code);
    }
  } finally {
    visitorSocket.close();
    agentSocket.close();
  }
});
