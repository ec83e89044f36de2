// Labels (the admin-kept catalogue of tags and colours), the conversation list's combinable filters, agents' saved
// views, and the live `conversation_update` every console receives when labels or priority change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, startChat, type TestApp } from './helpers.js';
import { connect, listen, type TestSocket } from './ws-helpers.js';

let t: TestApp;
let admin: string;
let host: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app);
  host = await listen(t.app);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
const tag = (id: string, token: string, tags: string[]) => req('PUT', `/api/chat/${id}`, token, { tags });
const ids = (res: Awaited<ReturnType<typeof req>>) =>
  (json(res).conversations as { id: string }[]).map((c) => c.id).sort();

describe('labels', () => {
  it('admins keep the catalogue; names are unique whatever their case; agents read it; bad colours are refused', async () => {
    const agent = await createAgent(t.app, admin);
    const created = await req('POST', '/api/labels', admin, {
      name: 'Billing',
      color: '#dc2626',
      description: 'Money',
    });
    expect(created.statusCode).toBe(201);
    const label = json(created).label;
    expect(label).toMatchObject({ name: 'Billing', color: '#dc2626', description: 'Money' });
    // Default colour, trimmed name.
    expect(json(await req('POST', '/api/labels', admin, { name: '  bug  ' })).label).toMatchObject({
      name: 'bug',
      color: '#64748b',
      description: null,
    });

    const dup = await req('POST', '/api/labels', admin, { name: 'BILLING' });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error).toMatchObject({ code: 'CONFLICT', details: [{ path: 'name', message: 'taken' }] });
    for (const color of ['red', '#12345', '#1234567', 'url(x)', '#ggg000']) {
      const bad = await req('POST', '/api/labels', admin, { name: `c-${color}`, color });
      expect(bad.statusCode, color).toBe(400);
      expect(json(bad).error.code).toBe('VALIDATION_ERROR');
    }
    for (const name of ['', '   ', 'x'.repeat(51), 'a\u0000b', '\ud800']) {
      expect((await req('POST', '/api/labels', admin, { name })).statusCode, JSON.stringify(name)).toBe(400);
    }

    expect((await req('POST', '/api/labels', agent.token, { name: 'agent-made' })).statusCode).toBe(403);
    expect((await req('PUT', `/api/labels/${label.id}`, agent.token, { color: '#000000' })).statusCode).toBe(403);
    const list = json(await req('GET', '/api/labels', agent.token)).labels as { name: string }[];
    expect(list.map((l) => l.name)).toEqual(['Billing', 'bug']);

    const missing = await req('PUT', '/api/labels/00000000-0000-4000-8000-000000000000', admin, { color: '#000000' });
    expect(missing.statusCode).toBe(404);
    expect(json(missing).error.code).toBe('LABEL_NOT_FOUND');

    const audit = json(await req('GET', '/api/audit-log?targetType=label', admin)).entries as { action: string }[];
    expect(audit.map((e) => e.action).sort()).toEqual(['label.create', 'label.create']);
  });

  it('a rename carries to every conversation and ticket with the tag (no duplicate), a delete takes it off', async () => {
    const label = json(await req('POST', '/api/labels', admin, { name: 'refund' })).label;
    const a = await startChat(t.app, { customerName: 'Ann' });
    const b = await startChat(t.app, { customerName: 'Ben' });
    expect((await tag(a.conversation.id, admin, ['vip', 'refund', 'late'])).statusCode).toBe(200);
    // b already has the new name: after the rename it has it once, in its first place.
    expect((await tag(b.conversation.id, admin, ['refunds', 'refund'])).statusCode).toBe(200);
    const ticket = json(
      await req('POST', '/api/tickets', admin, {
        conversationId: a.conversation.id,
        subject: 'Money back',
        description: 'Wants a refund',
        tags: ['refund'],
      }),
    ).ticket;

    const renamed = await req('PUT', `/api/labels/${label.id}`, admin, { name: 'refunds', color: '#16a34a' });
    expect(renamed.statusCode).toBe(200);
    expect(json(renamed).label).toMatchObject({ name: 'refunds', color: '#16a34a' });
    const tagsOf = async (id: string) => json(await req('GET', `/api/chat/${id}`, admin)).conversation.tags;
    expect(await tagsOf(a.conversation.id)).toEqual(['vip', 'refunds', 'late']);
    expect(await tagsOf(b.conversation.id)).toEqual(['refunds']);
    expect(json(await req('GET', `/api/tickets/${ticket.id}`, admin)).ticket.tags).toEqual(['refunds']);

    const deleted = await req('DELETE', `/api/labels/${label.id}`, admin);
    expect(json(deleted)).toEqual({ ok: true, untagged: 3 });
    expect(await tagsOf(a.conversation.id)).toEqual(['vip', 'late']);
    expect(await tagsOf(b.conversation.id)).toEqual([]);
    expect((await req('DELETE', `/api/labels/${label.id}`, admin)).statusCode).toBe(404);
  });
});

describe('conversation filters', () => {
  it('combine: label, priority, team, unassigned, agent, channel, status and a date range', async () => {
    const agent = await createAgent(t.app, admin);
    const team = json(await req('POST', '/api/teams', admin, { name: `Filters ${Date.now()}` })).team;
    const marker = `f-${Date.now()}`;
    const one = (await startChat(t.app, { customerName: 'One' })).conversation.id;
    const two = (await startChat(t.app, { customerName: 'Two' })).conversation.id;
    const three = (await startChat(t.app, { customerName: 'Three' })).conversation.id;
    await req('PUT', `/api/chat/${one}`, admin, { tags: [marker, 'x'], priority: 'urgent', teamId: team.id });
    await req('PUT', `/api/chat/${two}`, admin, { tags: [marker], priority: 'urgent' });
    await req('PUT', `/api/chat/${three}`, admin, { tags: ['x'], priority: 'urgent', teamId: team.id });
    expect((await req('PUT', `/api/chat/${two}`, admin, { agentId: agent.agentId })).statusCode).toBe(200);

    const list = (q: string) => req('GET', `/api/chat?${q}`, admin);
    expect(ids(await list(`label=${marker}`))).toEqual([one, two].sort());
    expect(ids(await list(`label=${marker}&teamId=${team.id}`))).toEqual([one]);
    expect(ids(await list(`label=${marker}&unassigned=true`))).toEqual([one]);
    expect(ids(await list(`label=${marker}&unassigned=false`))).toEqual([two]);
    expect(ids(await list(`label=${marker}&agentId=${agent.agentId}&status=active`))).toEqual([two]);
    expect(ids(await list(`label=${marker}&priority=low`))).toEqual([]);
    expect(ids(await list(`teamId=${team.id}&priority=urgent`))).toEqual([one, three].sort());
    expect(ids(await list(`label=${marker}&channel=email`))).toEqual([]);
    // A label match is exact: a prefix or another case is another label.
    expect(ids(await list(`label=${marker.slice(0, -1)}`))).toEqual([]);
    expect(ids(await list(`label=${marker.toUpperCase()}`))).toEqual([]);
    const started = Date.parse(json(await req('GET', `/api/chat/${one}`, admin)).conversation.createdAt);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(ids(await list(`label=${marker}&from=${iso(started - 60_000)}&to=${iso(Date.now() + 60_000)}`))).toEqual(
      [one, two].sort(),
    );
    expect(ids(await list(`label=${marker}&from=${iso(Date.now() + 60_000)}`))).toEqual([]);
    expect(ids(await list(`label=${marker}&to=${iso(started - 60_000)}`))).toEqual([]);
    expect(json(await list(`label=${marker}&priority=urgent`)).total).toBe(2);

    for (const q of ['unassigned=yes', 'priority=meh', 'teamId=nope', 'from=yesterday', 'label=', 'sortBy=x']) {
      const bad = await list(q);
      expect(bad.statusCode, q).toBe(400);
      expect(json(bad).error.code).toBe('VALIDATION_ERROR');
    }
  });
});

describe('saved views', () => {
  it("are each agent's own: listed, renamed and deleted by their owner only; a query the list would refuse is refused", async () => {
    const a = await createAgent(t.app, admin);
    const b = await createAgent(t.app, admin);
    const created = await req('POST', '/api/views', a.token, {
      name: 'Urgent billing',
      query: 'priority=urgent&label=Billing',
    });
    expect(created.statusCode).toBe(201);
    const view = json(created).view;
    expect(view).toMatchObject({ name: 'Urgent billing', query: 'priority=urgent&label=Billing' });
    await req('POST', '/api/views', a.token, { name: 'All open', query: 'status=active' });

    expect((json(await req('GET', '/api/views', a.token)).views as { name: string }[]).map((v) => v.name)).toEqual([
      'All open',
      'Urgent billing',
    ]);
    expect(json(await req('GET', '/api/views', b.token)).views).toEqual([]);
    // Someone else's view answers as missing, for every verb.
    expect((await req('PUT', `/api/views/${view.id}`, b.token, { name: 'mine now' })).statusCode).toBe(404);
    expect((await req('DELETE', `/api/views/${view.id}`, b.token)).statusCode).toBe(404);

    const dup = await req('POST', '/api/views', a.token, { name: 'All open', query: '' });
    expect(dup.statusCode).toBe(409);
    // b may use the same name: names are per agent.
    expect((await req('POST', '/api/views', b.token, { name: 'All open', query: 'status=queued' })).statusCode).toBe(
      201,
    );

    for (const query of ['priority=meh', 'unassigned=1', 'bogus=1', 'limit=5', 'x'.repeat(1001)]) {
      const bad = await req('POST', '/api/views', a.token, { name: `bad ${query.slice(0, 20)}`, query });
      expect(bad.statusCode, query).toBe(400);
      expect(json(bad).error.code).toBe('VALIDATION_ERROR');
    }

    const renamed = await req('PUT', `/api/views/${view.id}`, a.token, {
      name: 'Billing, urgent',
      query: 'label=Billing',
    });
    expect(json(renamed).view).toMatchObject({ id: view.id, name: 'Billing, urgent', query: 'label=Billing' });
    expect((await req('DELETE', `/api/views/${view.id}`, a.token)).statusCode).toBe(200);
    expect((await req('DELETE', `/api/views/${view.id}`, a.token)).statusCode).toBe(404);
  });
});

describe('live updates', () => {
  it('every console hears of a label or priority change; the customer does not, and sees no tags', async () => {
    const agent = await createAgent(t.app, admin);
    const v = await startChat(t.app, { customerName: 'Lia' });
    const id = v.conversation.id;
    const visitor = await connect(host, { token: v.token, conversationId: id });
    const console1 = await connect(host, { token: agent.token });
    const console2 = await connect(host, { token: admin });
    sockets.push(visitor, console1, console2);
    for (const s of [visitor, console1, console2]) await s.next((f) => f.type === 'hello');
    // console1 follows the conversation too (its chat is open there): the update still reaches it, once.
    console1.send({ type: 'subscribe', conversationId: id, id: 'sub' });
    await console1.next((f) => f.type === 'ack' && f.data.ref === 'sub');

    expect((await req('PUT', `/api/chat/${id}`, agent.token, { tags: ['vip'], priority: 'high' })).statusCode).toBe(
      200,
    );
    for (const s of [console1, console2]) {
      const f = await s.next((f) => f.type === 'conversation_update' && f.conversationId === id);
      expect(f.data.fields).toEqual(['tags', 'priority']);
      expect(f.data.conversation).toMatchObject({ id, tags: ['vip'], priority: 'high' });
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(console1.frames.filter((f) => f.type === 'conversation_update')).toHaveLength(1);
    // Saving the same values again changes nothing, and says nothing.
    const before = console1.frames.length;
    await req('PUT', `/api/chat/${id}`, agent.token, { tags: ['vip'], priority: 'high' });
    await req('PUT', `/api/chat/${id}`, agent.token, { subject: 'Shipping' });
    const next = await console1.next((f) => f.type === 'conversation_update' && f.conversationId === id, 5000, before);
    expect(next.data.fields).toEqual(['subject']);

    // A status change in the same call still comes as status_change (which carries the whole conversation).
    await req('PUT', `/api/chat/${id}`, admin, { status: 'resolved', tags: ['vip', 'done'] });
    const status = await console2.next((f) => f.type === 'status_change' && f.conversationId === id);
    expect(status.data.conversation.tags).toEqual(['vip', 'done']);
    const visitorStatus = await visitor.next((f) => f.type === 'status_change');
    expect(visitorStatus.data.conversation.tags).toBeUndefined();
    expect(visitor.frames.some((f) => f.type === 'conversation_update')).toBe(false);
  });
});
