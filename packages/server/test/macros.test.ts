// Macros: shared ones are the admins' to keep and everyone's to run, an agent's own are theirs alone; a run does each
// step through the same services as by hand, in order — the customer gets the reply and the status change, never
// the note — and the first step that fails stops the run, naming it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, json, startChat, type TestApp } from './helpers.js';
import { type LiveApp, liveApp, sleep } from './ws-helpers.js';

let t: TestApp;
let admin: string;
let live: LiveApp;

beforeAll(async () => {
  live = await liveApp();
  ({ t, admin } = live);
});
afterAll(async () => {
  await live.close();
});

const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
const names = async (token: string) =>
  (json(await req('GET', '/api/macros', token)).macros as { name: string }[]).map((m) => m.name);

describe('macros', () => {
  it('shared for everyone (kept by admins), private to their owner; bad steps refused with the field named', async () => {
    const ana = await createAgent(t.app, admin);
    const ben = await createAgent(t.app, admin);
    const steps = [{ type: 'reply', content: 'Thanks for waiting!' }];
    const shared = await req('POST', '/api/macros', admin, { name: 'Greet', actions: steps, shared: true });
    expect(shared.statusCode).toBe(201);
    expect(json(shared).macro).toMatchObject({ name: 'Greet', ownerId: null, actions: steps });
    const own = json(
      await req('POST', '/api/macros', ana.token, { name: 'Ana close', actions: [{ type: 'resolve' }] }),
    );
    expect(own.macro.ownerId).not.toBeNull();

    expect(await names(ana.token)).toEqual(['Ana close', 'Greet']);
    expect(await names(ben.token)).toEqual(['Greet']);
    // Someone else's is missing for every verb; a shared one is the admins' to change.
    for (const [method, payload] of [
      ['PUT', { name: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await req(method, `/api/macros/${own.macro.id}`, ben.token, payload);
      expect(res.statusCode).toBe(404);
      expect(json(res).error.code).toBe('MACRO_NOT_FOUND');
      expect((await req(method, `/api/macros/${json(shared).macro.id}`, ben.token, payload)).statusCode).toBe(403);
    }
    expect(
      (await req('POST', '/api/macros', ben.token, { name: 'Mine to all', actions: steps, shared: true })).statusCode,
    ).toBe(403);
    const renamed = await req('PUT', `/api/macros/${own.macro.id}`, ana.token, { name: 'Ana: resolve' });
    expect(json(renamed).macro.name).toBe('Ana: resolve');

    const bad = async (actions: unknown) => {
      const res = await req('POST', '/api/macros', ana.token, { name: 'Bad', actions });
      expect(res.statusCode, JSON.stringify(actions)).toBe(400);
      return (json(res).error.details as { path: string }[]).map((d) => d.path);
    };
    expect(await bad([])).toEqual(['body.actions']);
    expect(await bad(Array.from({ length: 11 }, () => ({ type: 'resolve' })))).toEqual(['body.actions']);
    expect(await bad([{ type: 'resolve' }, { type: 'reply', content: 'late' }])).toEqual(['body.actions']);
    expect(await bad([{ type: 'explode' }])).toEqual(['body.actions.0.type']);
    expect(await bad([{ type: 'reply', content: '  ' }])).toEqual(['body.actions.0.content']);
    expect(await bad([{ type: 'addLabels', labels: [] }])).toEqual(['body.actions.0.labels']);
    expect(await bad([{ type: 'setPriority', priority: 'meh' }])).toEqual(['body.actions.0.priority']);
    expect(await bad([{ type: 'assignTeam', teamId: 'nope' }])).toEqual(['body.actions.0.teamId']);
    expect(await bad([{ type: 'reply', content: 'x', extra: 1 }])).toEqual(['body.actions.0.extra']);

    const audit = json(await req('GET', '/api/audit-log?targetType=macro', admin)).entries as { action: string }[];
    expect(audit.map((e) => e.action)).toEqual(['macro.create']);
    expect((await req('DELETE', `/api/macros/${own.macro.id}`, ana.token)).statusCode).toBe(200);
    expect(await names(ana.token)).toEqual(['Greet']);
  });

  it('runs every step in order: the customer gets the reply and the status change, never the note', async () => {
    const agent = await createAgent(t.app, admin);
    const team = json(await req('POST', '/api/teams', admin, { name: 'Refunds', assignmentMode: 'manual' })).team;
    const v = await startChat(t.app, { customerName: 'Rhea Refund', message: 'Refund please' });
    const id = v.conversation.id as string;
    await req('PUT', `/api/chat/${id}`, admin, { agentId: agent.agentId, tags: ['vip'] });
    const visitor = await live.connect({ token: v.token, conversationId: id });
    const macro = json(
      await req('POST', '/api/macros', agent.token, {
        name: 'Refund done',
        actions: [
          { type: 'note', content: 'Refund issued in the billing system' },
          { type: 'reply', content: 'Your refund is on its way, {{customer.firstName|there}}. {{agent.firstName}}' },
          { type: 'addLabels', labels: ['refund', 'vip'] },
          { type: 'setPriority', priority: 'high' },
          { type: 'assignTeam', teamId: team.id },
          { type: 'resolve' },
        ],
      }),
    ).macro;
    const run = await req('POST', `/api/chat/${id}/macros/${macro.id}/run`, agent.token);
    expect(run.statusCode).toBe(200);
    const body = json(run);
    expect(body.conversation).toMatchObject({
      status: 'resolved',
      tags: ['vip', 'refund'],
      priority: 'high',
      teamId: team.id,
      agentId: agent.agentId,
    });
    expect(body.messages.map((m: { content: string; isPrivate: boolean }) => [m.content, m.isPrivate])).toEqual([
      ['Refund issued in the billing system', true],
      // Placeholders filled as in canned responses: the customer's and the agent's first names.
      ['Your refund is on its way, Rhea. Agent', false],
    ]);
    await visitor.next((f) => f.type === 'status_change' && f.data.status === 'resolved');
    const seen = visitor.frames.filter((f) => f.type === 'message').map((f) => f.data.content);
    expect(seen).toContain('Your refund is on its way, Rhea. Agent');
    expect(seen).not.toContain('Refund issued in the billing system');
  });

  it('stops at the first step that fails and says which; what ran before it stays done', async () => {
    const agent = await createAgent(t.app, admin);
    const other = await createAgent(t.app, admin);
    const v = await startChat(t.app, { customerName: 'Sam Stop', message: 'Hello' });
    const id = v.conversation.id as string;
    await req('PUT', `/api/chat/${id}`, admin, { agentId: agent.agentId });
    const macro = json(
      await req('POST', '/api/macros', admin, {
        name: 'Hand over',
        shared: true,
        actions: [
          { type: 'reply', content: 'Passing you to billing.' },
          { type: 'assignTeam', teamId: '00000000-0000-4000-8000-000000000000' },
          { type: 'resolve' },
        ],
      }),
    ).macro;
    const run = await req('POST', `/api/chat/${id}/macros/${macro.id}/run`, agent.token);
    // No such team: the step's own refusal (400), named after the step.
    expect(run.statusCode).toBe(400);
    const error = json(run).error;
    expect(error.message).toMatch(/^Step 2 \(assignTeam\) of "Hand over": /);
    expect(error.details[0]).toMatchObject({ path: 'actions.1' });
    const after = json(await req('GET', `/api/chat/${id}`, admin)).conversation;
    expect(after.status).toBe('active');
    const messages = json(await req('GET', `/api/chat/${id}/messages`, admin)).messages as { content: string }[];
    expect(messages.map((m) => m.content)).toContain('Passing you to billing.');

    // Someone else's conversation rules still hold: a colleague may not move a chat they do not hold.
    const move = json(
      await req('POST', '/api/macros', other.token, { name: 'Close it', actions: [{ type: 'resolve' }] }),
    ).macro;
    const refused = await req('POST', `/api/chat/${id}/macros/${move.id}/run`, other.token);
    expect(refused.statusCode).toBe(403);
    expect(json(refused).error.details[0]).toMatchObject({ path: 'actions.0' });
    // Another's private macro, or a conversation that does not exist: 404 before any step.
    expect((await req('POST', `/api/chat/${id}/macros/${move.id}/run`, agent.token)).statusCode).toBe(404);
    expect(
      (await req('POST', `/api/chat/00000000-0000-4000-8000-000000000000/macros/${macro.id}/run`, agent.token))
        .statusCode,
    ).toBe(404);
    await sleep(10);
  });
});
