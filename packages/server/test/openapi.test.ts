import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('serves an OpenAPI document generated from the zod schemas, and the UI at /docs', async () => {
  const doc = json(await t.app.inject({ url: '/docs/json' }));
  expect(doc.openapi).toMatch(/^3\./);
  for (const [path, method] of [
    ['/api/chat/start', 'post'],
    ['/api/chat/{id}', 'get'],
    ['/api/chat/{id}', 'put'],
    ['/api/chat/{id}/message', 'post'],
    ['/api/chat/{id}/messages', 'get'],
    ['/api/chat/queue', 'get'],
    ['/api/chat/analytics', 'get'],
    ['/api/tickets', 'post'],
    ['/api/tickets', 'get'],
    ['/api/tickets/{id}', 'get'],
    ['/api/tickets/{id}', 'put'],
    ['/api/auth/login', 'post'],
    ['/api/agents', 'post'],
    ['/api/teams', 'get'],
  ] as const) {
    expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
  }
  const start = doc.paths['/api/chat/start'].post;
  expect(Object.keys(start.requestBody.content['application/json'].schema.properties)).toEqual(
    expect.arrayContaining(['customerId', 'customerName', 'customerEmail', 'customerHash', 'subject', 'message']),
  );
  expect(start.responses['201']).toBeDefined();
  const ticketQuery = doc.paths['/api/tickets'].get.parameters.map((p: { name: string }) => p.name);
  expect(ticketQuery).toEqual(
    expect.arrayContaining([
      'status',
      'priority',
      'assignedAgentId',
      'assignedTeamId',
      'q',
      'createdFrom',
      'sort',
      'page',
    ]),
  );
  const ui = await t.app.inject({ url: '/docs' });
  expect([200, 302]).toContain(ui.statusCode);
});

it('gives every operation a summary and the error body for its 4xx and 5xx answers', async () => {
  const doc = json(await t.app.inject({ url: '/docs/json' }));
  const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([m, op]) => ({ name: `${m.toUpperCase()} ${path}`, op })),
  );
  expect(ops.length).toBeGreaterThan(50);
  expect(
    ops.filter((o) => !o.op.summary).map((o) => o.name),
    'without a summary',
  ).toEqual([]);
  for (const { name, op } of ops) {
    for (const status of ['4XX', '5XX']) {
      const body = op.responses[status]?.content?.['application/json']?.schema;
      expect(body?.properties?.error?.required, `${name} ${status}`).toEqual(['code', 'message']);
    }
  }
});

it('docs/api.md lists exactly the operations the OpenAPI document has', async () => {
  const { readFileSync } = await import('node:fs');
  const doc = json(await t.app.inject({ url: '/docs/json' }));
  const generated = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
  const md = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
  // Table rows start with the operations in backticks: `GET /api/x/:id`, `GET/PUT /api/y`, `POST /api/z?q=…`.
  const documented = md
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => {
      const first = l.split(' | ')[0]!;
      return [...first.matchAll(/`([A-Z/]+) ([^`?\s]+)[^`]*`/g)].flatMap(([, methods, path]) =>
        methods!.split('/').map((m) => `${m} ${path!.replace(/:(\w+)/g, '{$1}')}`),
      );
    });
  expect(
    generated.filter((op) => !documented.includes(op)),
    'in the API, missing from docs/api.md',
  ).toEqual([]);
  expect(
    [...new Set(documented)].filter((op) => !generated.includes(op)).sort(),
    'in docs/api.md, not in the API',
  ).toEqual([]);
});

it('describes every field of every operation: parameters, bodies and responses', async () => {
  const { undescribedFields } = await import('../src/http/openapi.js');
  const doc = json(await t.app.inject({ url: '/docs/json' }));
  expect(undescribedFields(doc)).toEqual([]);
  // Where a field means something else in another object, it says so there.
  const start = doc.paths['/api/chat/start'].post;
  const body = start.requestBody.content['application/json'].schema.properties;
  expect(body.customerHash.description).toBe(
    "HMAC-SHA256 of customerId with the site's identity secret, hex: proves the site vouched for this customer.",
  );
  const ticket =
    doc.paths['/api/tickets/{id}'].get.responses['200'].content['application/json'].schema.properties.ticket;
  expect(ticket.properties.status.description).toBe(
    'Where the ticket stands: open, in_progress, waiting, resolved, closed.',
  );
  const agent = doc.paths['/api/agents/{id}'].get.responses['200'].content['application/json'].schema.properties.agent;
  expect(agent.properties.status.description).toBe('Whether the agent takes chats: online, away, busy, offline.');
});
