// The seed's data contract (issue 11 §1): every column of its six tables with its type family, CHECK set and
// default; the JSON entities carrying them; denormalised names following renames; unknown fields refused by name;
// and the agent counters kept true by the code paths that change them, under concurrency.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedVisitorName } from '@support-chat/protocol/constants';
import { visitorDisplayName } from '../src/lib/visitor-name.js';
import { bearer, createAgent, createTestApp, json, login, send, startChat, unique, type TestApp } from './helpers.js';

let t: TestApp;
let admin: string;
let now = new Date('2026-03-02T10:00:00.000Z');
const clock = { now: () => new Date(now) };
const tick = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  admin = await login(t.app);
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = admin) =>
  t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
const ok = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = admin) => {
  const res = await call(method, url, payload, token);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return json(res);
};
/** Rows of a raw query on either driver (postgres.js returns an array, PGlite an object with rows). */
const all = async (query: string): Promise<any[]> => {
  const r = (await t.db.handle.db.execute(sql.raw(query))) as unknown;
  return Array.isArray(r) ? r : ((r as { rows?: any[] }).rows ?? []);
};

// The seed's schema, column by column: [column, type family, nullable, default]; the CHECK sets follow.
const seedColumns: Record<string, [string, string, boolean, string | null][]> = {
  conversations: [
    ['id', 'uuid', false, null],
    ['customer_id', 'text', false, null],
    ['customer_name', 'text', false, null],
    ['customer_email', 'text', true, null],
    ['agent_id', 'uuid', true, null],
    ['agent_name', 'text', true, null],
    ['status', 'text', false, "'queued'"],
    ['channel', 'text', false, "'web'"],
    ['subject', 'text', true, null],
    ['tags', 'array', false, null],
    ['metadata', 'jsonb', false, null],
    ['started_at', 'timestamp', false, 'now()'],
    ['assigned_at', 'timestamp', true, null],
    ['resolved_at', 'timestamp', true, null],
    ['closed_at', 'timestamp', true, null],
    ['created_at', 'timestamp', false, 'now()'],
    ['updated_at', 'timestamp', false, 'now()'],
  ],
  messages: [
    ['id', 'uuid', false, null],
    ['conversation_id', 'uuid', false, null],
    ['sender_id', 'text', false, null],
    ['sender_name', 'text', false, null],
    ['sender_type', 'text', false, null],
    ['message_type', 'text', false, "'text'"],
    ['content', 'text', false, null],
    ['attachments', 'jsonb', false, null],
    ['read_at', 'timestamp', true, null],
    ['metadata', 'jsonb', false, null],
    ['created_at', 'timestamp', false, 'now()'],
  ],
  agents: [
    ['id', 'uuid', false, null],
    ['user_id', 'uuid', false, null],
    ['name', 'text', false, null],
    ['email', 'text', false, null],
    ['status', 'text', false, "'offline'"],
    ['team_id', 'uuid', true, null],
    ['team_name', 'text', true, null],
    ['skills', 'array', false, null],
    ['max_concurrent_chats', 'integer', false, '5'],
    ['active_chats', 'integer', false, '0'],
    ['total_chats', 'integer', false, '0'],
    ['average_rating', 'numeric', false, '0'],
    ['average_response_time', 'integer', false, '0'],
    ['last_active_at', 'timestamp', true, null],
    ['created_at', 'timestamp', false, 'now()'],
    ['updated_at', 'timestamp', false, 'now()'],
  ],
  tickets: [
    ['id', 'uuid', false, null],
    ['conversation_id', 'uuid', false, null],
    ['customer_id', 'text', false, null],
    ['customer_name', 'text', false, null],
    ['customer_email', 'text', true, null],
    ['assigned_agent_id', 'uuid', true, null],
    ['assigned_agent_name', 'text', true, null],
    ['assigned_team_id', 'uuid', true, null],
    ['assigned_team_name', 'text', true, null],
    ['subject', 'text', false, null],
    ['description', 'text', false, null],
    ['priority', 'text', false, "'medium'"],
    ['status', 'text', false, "'open'"],
    ['category', 'text', true, null],
    ['tags', 'array', false, null],
    ['sla_due_at', 'timestamp', false, null],
    ['first_response_at', 'timestamp', true, null],
    ['resolved_at', 'timestamp', true, null],
    ['closed_at', 'timestamp', true, null],
    ['metadata', 'jsonb', false, null],
    ['created_at', 'timestamp', false, 'now()'],
    ['updated_at', 'timestamp', false, 'now()'],
  ],
  canned_responses: [
    ['id', 'uuid', false, null],
    ['title', 'text', false, null],
    ['content', 'text', false, null],
    ['shortcut', 'text', true, null],
    ['category', 'text', true, null],
    ['tags', 'array', false, null],
    ['usage_count', 'integer', false, '0'],
    ['created_by', 'uuid', false, null],
    ['created_at', 'timestamp', false, 'now()'],
    ['updated_at', 'timestamp', false, 'now()'],
  ],
  chat_analytics: [
    ['id', 'uuid', false, null],
    ['date', 'date', false, null],
    ['agent_id', 'uuid', true, null],
    ['team_id', 'uuid', true, null],
    ['total_conversations', 'integer', false, '0'],
    ['total_messages', 'integer', false, '0'],
    ['average_response_time', 'integer', false, '0'],
    ['average_resolution_time', 'integer', false, '0'],
    ['customer_satisfaction_score', 'numeric', true, null],
    ['first_contact_resolution_rate', 'numeric', false, '0'],
    ['metadata', 'jsonb', false, null],
    ['created_at', 'timestamp', false, 'now()'],
  ],
};

const family = (dataType: string) =>
  dataType === 'ARRAY'
    ? 'array'
    : dataType.startsWith('timestamp')
      ? 'timestamp'
      : dataType === 'character varying'
        ? 'text'
        : dataType;

describe('the seed schema', () => {
  it('has every column of the six tables with its type family, nullability and default', async () => {
    for (const [table, columns] of Object.entries(seedColumns)) {
      const found =
        await all(`select column_name, data_type, is_nullable, column_default from information_schema.columns
        where table_schema = 'public' and table_name = '${table}'`);
      const byName = new Map(found.map((c) => [c.column_name, c]));
      for (const [name, type, nullable, dflt] of columns) {
        const c = byName.get(name);
        expect(c, `${table}.${name}`).toBeDefined();
        expect(family(c.data_type), `${table}.${name} type`).toBe(type);
        expect(c.is_nullable === 'YES', `${table}.${name} nullable`).toBe(nullable);
        if (dflt !== null) expect(String(c.column_default), `${table}.${name} default`).toContain(dflt);
      }
    }
  });

  it('checks the seed value sets exactly', async () => {
    const checks = await all(`select conname, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'c'`);
    const setOf = (name: string) => {
      const def = checks.find((c) => c.conname === name)?.def as string;
      expect(def, name).toBeDefined();
      return [...def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort();
    };
    expect(setOf('conversations_status_check')).toEqual(['active', 'closed', 'queued', 'resolved']);
    expect(setOf('conversations_channel_check')).toEqual(['email', 'mobile', 'web']);
    expect(setOf('messages_sender_type_check')).toEqual(['agent', 'customer', 'system']);
    expect(setOf('messages_message_type_check')).toEqual(['file', 'image', 'system', 'text']);
    expect(setOf('agents_status_check')).toEqual(['away', 'busy', 'offline', 'online']);
    expect(setOf('tickets_priority_check')).toEqual(['high', 'low', 'medium', 'urgent']);
    expect(setOf('tickets_status_check')).toEqual(['closed', 'in_progress', 'open', 'resolved', 'waiting']);
  });
});

describe('the entities', () => {
  it('a conversation carries agentName and startedAt; an anonymous visitor is "Visitor NNNN"; mobile is a channel', async () => {
    const anon = await startChat(t.app, {});
    expect(anon.conversation.customerName).toBe(visitorDisplayName(anon.conversation.customerId));
    expect(anon.conversation.customerName).toMatch(generatedVisitorName);
    expect(anon.conversation).toMatchObject({ agentName: null, startedAt: now.toISOString(), channel: 'web' });
    // Rows from before migration 0008 got their number in SQL: the same one.
    const [fromSql] = await all(
      `select 'Visitor ' || (1000 + (('x' || substr(md5('${anon.conversation.customerId}'), 1, 7))::bit(28)::int % 9000)) as name`,
    );
    expect(fromSql.name).toBe(anon.conversation.customerName);
    const mobile = await startChat(t.app, { customerName: 'Mo Bile', channel: 'mobile' });
    expect(mobile.conversation).toMatchObject({ channel: 'mobile', customerName: 'Mo Bile' });
    const sms = await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { channel: 'sms' } });
    expect(sms.statusCode).toBe(400);
    expect(json(sms).error.details[0].path).toBe('body.channel');

    const agent = await createAgent(t.app, admin, { name: 'Jane Smith' });
    const assigned = (await ok('PUT', `/api/chat/${anon.conversation.id}`, { agentId: agent.agentId })).conversation;
    expect(assigned).toMatchObject({ agentId: agent.agentId, agentName: 'Jane Smith', status: 'active' });
  });

  it('every message has a sender (system lines come from "system"/"System") and metadata', async () => {
    const chat = await startChat(t.app, { customerName: 'Ann' });
    const agent = await createAgent(t.app, admin, { name: 'Sys Test' });
    const team = json(await call('POST', '/api/teams', { name: unique('Sys') })).team;
    await ok('PUT', `/api/chat/${chat.conversation.id}`, { agentId: agent.agentId });
    // Moving it to a team writes a system line.
    await ok('POST', `/api/chat/${chat.conversation.id}/transfer`, { teamId: team.id });
    const sent = json(
      await send(t.app, chat.token, chat.conversation.id, { content: 'hi', metadata: { orderId: 'A-1', items: 2 } }),
    );
    expect(sent.message).toMatchObject({
      senderType: 'customer',
      senderId: chat.conversation.customerId,
      senderName: 'Ann',
      metadata: { orderId: 'A-1', items: 2 },
    });
    const { messages } = await ok('GET', `/api/chat/${chat.conversation.id}/messages`);
    expect(messages.map((m: any) => [m.senderType, m.senderId, m.senderName, m.metadata])).toEqual([
      // A system line's metadata says what it means (for the widget to say it in the visitor's language).
      ['system', 'system', 'System', { system: 'transferred', name: team.name }],
      ['customer', chat.conversation.customerId, 'Ann', { orderId: 'A-1', items: 2 }],
    ]);
  });

  it('an agent carries userId, a primary team with its name, averageRating and whole-second averageResponseTime', async () => {
    const a = json(await call('POST', '/api/teams', { name: unique('Alpha') })).team;
    const b = json(await call('POST', '/api/teams', { name: unique('Beta') })).team;
    const created = json(
      await call('POST', '/api/agents', { name: 'Primary', email: `${unique('p')}@t.local`, teamIds: [b.id, a.id] }),
    );
    expect(created.agent).toMatchObject({
      userId: created.user.id,
      teamId: b.id,
      teamName: b.name,
      teamIds: [b.id, a.id],
      averageRating: 0,
      averageResponseTime: 0,
    });
    // Choosing the primary team; leaving it moves the primary to a team the agent still has.
    const chosen = (await ok('PUT', `/api/agents/${created.agent.id}`, { teamId: a.id })).agent;
    expect(chosen).toMatchObject({ teamId: a.id, teamName: a.name });
    await ok('PUT', `/api/teams/${a.id}`, { memberIds: [] });
    expect((await ok('GET', `/api/agents/${created.agent.id}`)).agent).toMatchObject({
      teamId: b.id,
      teamName: b.name,
      teamIds: [b.id],
    });
    const unknownTeam = await call('PUT', `/api/agents/${created.agent.id}`, {
      teamId: '00000000-0000-4000-8000-000000000009',
    });
    expect(unknownTeam.statusCode).toBe(400);
    expect(json(unknownTeam).error.details[0].path).toBe('teamId');
  });

  it('a ticket uses the seed names, and assigned names follow renames of the agent and the team', async () => {
    const team = json(await call('POST', '/api/teams', { name: unique('Shipping') })).team;
    const agent = await createAgent(t.app, admin, { name: 'Tom Before', teamIds: [team.id] });
    const chat = await startChat(t.app, { customerName: 'Ray' });
    await ok('PUT', `/api/chat/${chat.conversation.id}`, { agentId: agent.agentId });
    const { ticket } = await ok('POST', '/api/tickets', {
      subject: 'Late',
      description: 'Where is it?',
      customerEmail: 'ray@example.com',
      assignedAgentId: agent.agentId,
      assignedTeamId: team.id,
      metadata: { order: 'R-9' },
    });
    expect(ticket).toMatchObject({
      customerName: 'ray@example.com',
      assignedAgentId: agent.agentId,
      assignedAgentName: 'Tom Before',
      assignedTeamId: team.id,
      assignedTeamName: team.name,
      metadata: { order: 'R-9' },
    });
    const renamedTeam = unique('Logistics');
    await ok('PUT', `/api/agents/${agent.agentId}`, { name: 'Tom After' });
    await ok('PUT', `/api/teams/${team.id}`, { name: renamedTeam });
    expect((await ok('GET', `/api/tickets/${ticket.id}`)).ticket).toMatchObject({
      assignedAgentName: 'Tom After',
      assignedTeamName: renamedTeam,
    });
    expect((await ok('GET', `/api/chat/${chat.conversation.id}`)).conversation.agentName).toBe('Tom After');
    expect((await ok('GET', `/api/agents/${agent.agentId}`)).agent).toMatchObject({ teamName: renamedTeam });
    const unassigned = (await ok('PUT', `/api/tickets/${ticket.id}`, { assignedAgentId: null, assignedTeamId: null }))
      .ticket;
    expect(unassigned).toMatchObject({
      assignedAgentId: null,
      assignedAgentName: null,
      assignedTeamId: null,
      assignedTeamName: null,
    });
  });

  it('a canned response names its author', async () => {
    const agent = await createAgent(t.app, admin);
    const { cannedResponse } = await ok(
      'POST',
      '/api/canned-responses',
      { title: 'Hi', content: 'Hello!' },
      agent.token,
    );
    expect(cannedResponse.createdBy).toBe(agent.userId);
  });
});

describe('unknown fields', () => {
  it('an unknown ticket filter is a 400 naming it, not every ticket', async () => {
    const res = await call('GET', '/api/tickets?assigneeId=00000000-0000-4000-8000-000000000001');
    expect(res.statusCode).toBe(400);
    expect(json(res).error, res.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ path: 'querystring.assigneeId', message: 'is not a known field' }],
    });
  });

  it('an unknown body field is a 400 naming it', async () => {
    const res = await call('POST', '/api/tickets', {
      subject: 's',
      description: 'd',
      customerEmail: 'a@b.co',
      assignee: 'x',
      teamId: 'y',
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.details).toEqual([
      { path: 'body.assignee', message: 'is not a known field' },
      { path: 'body.teamId', message: 'is not a known field' },
    ]);
    const put = await call('PUT', `/api/chat/00000000-0000-4000-8000-000000000001`, { stauts: 'resolved' });
    expect(json(put).error.details).toContainEqual({ path: 'body.stauts', message: 'is not a known field' });
  });
});

describe('agent counters', () => {
  it('total, active, average rating and response time stay exact through parallel assignment, replies, resolves and ratings', async () => {
    const agent = await createAgent(t.app, admin, { name: 'Counter', maxConcurrentChats: 20 });
    const n = 8;
    const chats = await Promise.all(Array.from({ length: n }, (_, i) => startChat(t.app, { customerName: `C${i}` })));
    await Promise.all(chats.map((c) => ok('PUT', `/api/chat/${c.conversation.id}`, { agentId: agent.agentId })));
    let view = (await ok('GET', `/api/agents/${agent.agentId}`)).agent;
    expect(view).toMatchObject({ totalChats: n, activeChats: n, averageResponseTime: 0, averageRating: 0 });

    // First replies 10 s after the chats started (same clock for all): the average is exactly 10.
    tick(10);
    await Promise.all(chats.map((c) => send(t.app, agent.token, c.conversation.id, { content: 'Hello' })));
    view = (await ok('GET', `/api/agents/${agent.agentId}`)).agent;
    expect(view.averageResponseTime).toBe(10);

    // Resolve all at once, then all customers rate at once: ratings 1..5,1..3 → mean 2.625 → 2.63.
    await Promise.all(chats.map((c) => ok('PUT', `/api/chat/${c.conversation.id}`, { status: 'resolved' })));
    const ratings = chats.map((_, i) => (i % 5) + 1);
    await Promise.all(
      chats.map((c, i) => ok('PUT', `/api/chat/${c.conversation.id}/rating`, { rating: ratings[i] }, c.token)),
    );
    view = (await ok('GET', `/api/agents/${agent.agentId}`)).agent;
    expect(view).toMatchObject({ totalChats: n, activeChats: 0, averageRating: 2.63 });

    // A customer writing again reopens the chat: it counts as active again.
    await send(t.app, chats[0]!.token, chats[0]!.conversation.id, { content: 'One more thing' });
    expect((await ok('GET', `/api/agents/${agent.agentId}`)).agent.activeChats).toBe(1);
  });
});
