// Routing through the API: rules, presence (with a fake clock), automatic assignment, manual moves, the queue
// with estimates and updates, and availability.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, startChat, unique, type TestApp } from './helpers.js';
import { connect, listen, type TestSocket } from './ws-helpers.js';

let t: TestApp;
let adminToken: string;
let now = new Date('2026-05-01T09:00:00.000Z');
const clock = { now: () => new Date(now) };
const advance = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};
const sockets: TestSocket[] = [];

beforeAll(async () => {
  t = await createTestApp(
    {
      ROUTING_SWEEP_SECONDS: '3600',
      AGENT_OFFLINE_GRACE_SECONDS: '60',
      AGENT_IDLE_AWAY_SECONDS: '600',
      ROUTING_DROP_SKILLS_SECONDS: '60',
      ROUTING_DROP_TEAM_SECONDS: '180',
    },
    { clock },
  );
  adminToken = await login(t.app);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

// Every test starts from an empty floor: no one online, nothing waiting.
afterEach(async () => {
  const db = t.app.supportChat.deps.db;
  const { agents, conversations } = await import('../src/db/schema/index.js');
  const { ne, inArray } = await import('drizzle-orm');
  await t.app.router.idle();
  await db
    .update(conversations)
    .set({ status: 'closed' })
    .where(inArray(conversations.status, ['queued', 'active']));
  await db.update(agents).set({ status: 'offline', activeChats: 0 }).where(ne(agents.status, 'offline'));
});

const put = (url: string, payload: object, token = adminToken) =>
  t.app.inject({ method: 'PUT', url, headers: bearer(token), payload });
const post = (url: string, payload: object | undefined, token = adminToken) =>
  t.app.inject({ method: 'POST', url, headers: bearer(token), payload });
const settle = () => t.app.router.idle();

async function onlineAgent(fields: Record<string, unknown> = {}) {
  const a = await createAgent(t.app, adminToken, { maxConcurrentChats: 2, ...fields });
  expect((await put(`/api/agents/${a.agentId}/status`, { status: 'online' }, a.token)).statusCode).toBe(200);
  return a;
}
const conv = async (id: string) =>
  json(await t.app.inject({ url: `/api/chat/${id}`, headers: bearer(adminToken) })).conversation;
const agentView = async (id: string) =>
  json(await t.app.inject({ url: `/api/agents/${id}`, headers: bearer(adminToken) })).agent;

describe('routing rules', () => {
  it('admins create ordered rules; unknown teams or skills are 400', async () => {
    const team = json(await post('/api/teams', { name: unique('Billing') })).team;
    await createAgent(t.app, adminToken, { skills: ['invoices'] });
    const bad = await post('/api/routing-rules', { name: 'x', teamId: '00000000-0000-4000-8000-000000000000' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details[0].path).toBe('teamId');
    const badSkill = await post('/api/routing-rules', { name: 'x', requiredSkills: ['klingon'] });
    expect(badSkill.statusCode).toBe(400);
    expect(json(badSkill).error.details[0].path).toBe('requiredSkills');
    const badCond = await post('/api/routing-rules', { name: 'x', conditions: { channels: ['pigeon'] } });
    expect(badCond.statusCode).toBe(400);
    const r = await post('/api/routing-rules', {
      name: 'Billing words',
      conditions: { keywords: ['invoice', 'refund'] },
      teamId: team.id,
      requiredSkills: ['Invoices'],
      priority: 'high',
    });
    expect(r.statusCode).toBe(201);
    const rule = json(r).rule;
    // Routing is staff-only data: the visitor's answer leaves it out, staff read it.
    const staffView = async (started: { conversation: { id: string } }) =>
      json(await t.app.inject({ url: `/api/chat/${started.conversation.id}`, headers: bearer(adminToken) }))
        .conversation;
    const started = await startChat(t.app, { subject: 'Where is my invoice?' });
    expect(started.conversation).not.toHaveProperty('routingRuleId');
    expect(await staffView(started)).toMatchObject({
      teamId: team.id,
      requiredSkills: ['Invoices'],
      priority: 'high',
      routingRuleId: rule.id,
    });
    const plain = await startChat(t.app, { subject: 'Hello' });
    expect(await staffView(plain)).toMatchObject({ teamId: null, routingRuleId: null, priority: 'medium' });
    expect((await put(`/api/routing-rules/${rule.id}`, { enabled: false })).statusCode).toBe(200);
    expect((await staffView(await startChat(t.app, { subject: 'refund please' }))).routingRuleId).toBeNull();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/routing-rules/${rule.id}`, headers: bearer(adminToken) }))
        .statusCode,
    ).toBe(200);
    expect((await put(`/api/routing-rules/${rule.id}`, { enabled: true })).statusCode).toBe(404);
  });
});

describe('presence', () => {
  it('agents set their own status; admins can force anyone offline; others are 403', async () => {
    const a = await createAgent(t.app, adminToken);
    const b = await createAgent(t.app, adminToken);
    expect((await put(`/api/agents/${a.agentId}/status`, { status: 'busy' }, a.token)).statusCode).toBe(200);
    expect((await put(`/api/agents/${a.agentId}/status`, { status: 'online' }, b.token)).statusCode).toBe(403);
    expect((await put(`/api/agents/${a.agentId}/status`, { status: 'sleeping' }, a.token)).statusCode).toBe(400);
    const forced = await put(`/api/agents/${a.agentId}/status`, { status: 'offline' });
    expect(json(forced).agent.status).toBe('offline');
  });

  it('with no socket and no request past the grace period an agent goes offline; a socket keeps them', async () => {
    const host = await listen(t.app);
    const withSocket = await onlineAgent();
    const without = await onlineAgent();
    const s = await connect(host, { token: withSocket.token });
    sockets.push(s);
    const presence: { agentId: string; status: string }[] = [];
    const off = await t.app.supportChat.deps.bus.subscribe('presence', (e) => {
      if (e.type === 'presence') presence.push(e.data);
    });
    advance(30);
    await t.app.router.presence.sweep();
    expect((await agentView(without.agentId)).status).toBe('online');
    advance(31);
    const swept = await t.app.router.presence.sweep();
    expect(swept.offline).toContain(without.agentId);
    expect(swept.offline).not.toContain(withSocket.agentId);
    expect((await agentView(without.agentId)).status).toBe('offline');
    expect((await agentView(withSocket.agentId)).status).toBe('online');
    expect(presence).toContainEqual(expect.objectContaining({ agentId: without.agentId, status: 'offline' }));
    // After the last socket closes, the grace period runs from the last time a node saw it.
    s.close();
    await new Promise((r) => setTimeout(r, 100));
    advance(61);
    await t.app.router.presence.sweep();
    expect((await agentView(withSocket.agentId)).status).toBe('offline');
    off();
  });

  it('an idle online agent goes away; activity keeps them online', async () => {
    const idle = await onlineAgent();
    const busy = await onlineAgent();
    const v = await startChat(t.app, {});
    for (let i = 0; i < 11; i++) {
      advance(55);
      // Requests keep both "seen"; only one of them does anything.
      await t.app.inject({ url: '/api/auth/me', headers: bearer(idle.token) });
      await t.app.inject({ url: '/api/auth/me', headers: bearer(busy.token) });
      await t.app.inject({
        method: 'POST',
        url: `/api/chat/${v.conversation.id}/message`,
        headers: bearer(busy.token),
        payload: { content: `still here ${i}` },
      });
      await t.app.router.presence.sweep();
    }
    expect((await agentView(idle.agentId)).status).toBe('away');
    expect((await agentView(busy.agentId)).status).toBe('online');
  });
});

describe('automatic assignment', () => {
  it('assigns a waiting chat when an agent comes online, with a system message, and fills the least loaded first', async () => {
    const visitor = await startChat(t.app, { customerName: 'Quinn' });
    await settle();
    expect((await conv(visitor.conversation.id)).status).toBe('queued');
    const a = await onlineAgent({ name: 'Ana' });
    await settle();
    const c = await conv(visitor.conversation.id);
    expect(c).toMatchObject({ status: 'active', agentId: a.agentId });
    const msgs = json(
      await t.app.inject({ url: `/api/chat/${c.id}/messages`, headers: bearer(visitor.token) }),
    ).messages;
    expect(msgs.at(-1)).toMatchObject({ senderType: 'system', messageType: 'system', content: 'Ana joined the chat' });
    const b = await onlineAgent({ name: 'Ben' });
    const next = await startChat(t.app, {});
    await settle();
    expect((await conv(next.conversation.id)).agentId).toBe(b.agentId);
    expect((await agentView(a.agentId)).activeChats).toBe(1);
    expect((await agentView(b.agentId)).activeChats).toBe(1);
  });

  it('never past max_concurrent_chats; resolving frees a slot and the next chat in line takes it', async () => {
    const a = await onlineAgent({ maxConcurrentChats: 1 });
    const first = await startChat(t.app, {});
    advance(1);
    const second = await startChat(t.app, {});
    await settle();
    expect((await conv(first.conversation.id)).agentId).toBe(a.agentId);
    expect((await conv(second.conversation.id)).status).toBe('queued');
    await put(`/api/chat/${first.conversation.id}`, { status: 'resolved' }, a.token);
    await settle();
    expect(await conv(second.conversation.id)).toMatchObject({ status: 'active', agentId: a.agentId });
  });

  it('respects team, skills and manual teams; widens to any skill after a minute and any team after three', async () => {
    const manual = json(await post('/api/teams', { name: unique('Manual'), assignmentMode: 'manual' })).team;
    const teamA = json(await post('/api/teams', { name: unique('A') })).team;
    const agentA = await onlineAgent({ teamIds: [teamA.id], skills: ['french'] });
    const outsider = await onlineAgent({ skills: [] });
    json(
      await post('/api/routing-rules', {
        name: unique('fr'),
        conditions: { keywords: ['bonjour'] },
        teamId: teamA.id,
        requiredSkills: ['french'],
        position: 0,
      }),
    );
    json(
      await post('/api/routing-rules', {
        name: unique('man'),
        conditions: { keywords: ['manual'] },
        teamId: manual.id,
        position: 1,
      }),
    );
    const fr = await startChat(t.app, { message: 'bonjour' });
    const man = await startChat(t.app, { message: 'manual please' });
    await settle();
    expect((await conv(fr.conversation.id)).agentId).toBe(agentA.agentId);
    expect((await conv(man.conversation.id)).status).toBe('queued');
    // Team A is now at its limit for French speakers only when full: fill agentA, then wait for the fallback.
    await put(`/api/agents/${agentA.agentId}`, { maxConcurrentChats: 1 });
    const fr2 = await startChat(t.app, { message: 'bonjour encore' });
    await settle();
    expect((await conv(fr2.conversation.id)).status).toBe('queued');
    advance(181);
    await t.app.router.route();
    expect((await conv(fr2.conversation.id)).agentId).toBe(outsider.agentId);
    expect((await conv(man.conversation.id)).status).toBe('queued');
  });
});

describe('manual moves', () => {
  it('accept: 200, then 409 with the current assignee for the next agent; 409 at capacity', async () => {
    const v = await startChat(t.app, {});
    const a = await createAgent(t.app, adminToken, { maxConcurrentChats: 1 });
    const b = await createAgent(t.app, adminToken);
    const ok = await post(`/api/chat/${v.conversation.id}/accept`, undefined, a.token);
    expect(ok.statusCode).toBe(200);
    expect(json(ok).conversation).toMatchObject({ status: 'active', agentId: a.agentId });
    const late = await post(`/api/chat/${v.conversation.id}/accept`, undefined, b.token);
    expect(late.statusCode).toBe(409);
    expect(json(late).error).toMatchObject({ code: 'ALREADY_ASSIGNED', details: { agentId: a.agentId } });
    const other = await startChat(t.app, {});
    const full = await post(`/api/chat/${other.conversation.id}/accept`, undefined, a.token);
    expect(full.statusCode).toBe(409);
    expect(json(full).error.code).toBe('AGENT_AT_CAPACITY');
  });

  it('time in queue: every wait counts until an agent takes the chat or it ends; the current wait is not in it yet', async () => {
    const v = await startChat(t.app, {});
    const a = await createAgent(t.app, adminToken);
    advance(90);
    expect(json(await post(`/api/chat/${v.conversation.id}/accept`, undefined, a.token)).conversation).toMatchObject({
      status: 'active',
      queuedSeconds: 90,
    });
    advance(110);
    const back = json(await post(`/api/chat/${v.conversation.id}/return`, undefined, a.token)).conversation;
    expect(back).toMatchObject({ status: 'queued', queuedSeconds: 90 });
    advance(60);
    const again = json(await post(`/api/chat/${v.conversation.id}/accept`, undefined, a.token)).conversation;
    expect(again.queuedSeconds).toBe(150);
    // A customer who gives up while waiting: that wait counts too (abandoned chats are measured by it).
    const left = await startChat(t.app, {});
    advance(45);
    const ended = await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${left.conversation.id}`,
      headers: bearer(left.token),
      payload: { status: 'resolved' },
    });
    expect(json(ended).conversation).toMatchObject({ status: 'resolved', agentId: null, queuedSeconds: 45 });
  });

  it('parallel accepts of one chat: exactly one wins', async () => {
    const v = await startChat(t.app, {});
    const agents = await Promise.all(Array.from({ length: 5 }, () => createAgent(t.app, adminToken)));
    const results = await Promise.all(
      agents.map((a) => post(`/api/chat/${v.conversation.id}/accept`, undefined, a.token)),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(4);
    expect((await conv(v.conversation.id)).agentId).toBe(
      agents[results.findIndex((r) => r.statusCode === 200)]!.agentId,
    );
  });

  it('transfer: only the holder (or an admin); to an agent with room; to a team back into the queue; return to queue', async () => {
    const holder = await createAgent(t.app, adminToken, { name: 'Holder' });
    const target = await createAgent(t.app, adminToken, { name: 'Target', maxConcurrentChats: 1 });
    const stranger = await createAgent(t.app, adminToken);
    const v = await startChat(t.app, {});
    await post(`/api/chat/${v.conversation.id}/accept`, undefined, holder.token);
    expect(
      (await post(`/api/chat/${v.conversation.id}/transfer`, { agentId: target.agentId }, stranger.token)).statusCode,
    ).toBe(403);
    expect((await post(`/api/chat/${v.conversation.id}/transfer`, {}, holder.token)).statusCode).toBe(400);
    const moved = await post(`/api/chat/${v.conversation.id}/transfer`, { agentId: target.agentId }, holder.token);
    expect(json(moved).conversation).toMatchObject({ agentId: target.agentId, status: 'active' });
    expect((await agentView(holder.agentId)).activeChats).toBe(0);
    expect((await agentView(target.agentId)).activeChats).toBe(1);
    // Target is full now: a transfer to them is refused.
    const v2 = await startChat(t.app, {});
    await post(`/api/chat/${v2.conversation.id}/accept`, undefined, holder.token);
    const full = await post(`/api/chat/${v2.conversation.id}/transfer`, { agentId: target.agentId }, holder.token);
    expect(full.statusCode).toBe(409);
    expect(json(full).error.code).toBe('AGENT_AT_CAPACITY');
    const team = json(await post('/api/teams', { name: unique('Escalations'), assignmentMode: 'manual' })).team;
    const toTeam = json(
      await post(`/api/chat/${v2.conversation.id}/transfer`, { teamId: team.id }, holder.token),
    ).conversation;
    expect(toTeam).toMatchObject({ status: 'queued', agentId: null, teamId: team.id });
    expect(
      (await post(`/api/chat/${v2.conversation.id}/transfer`, { teamId: '00000000-0000-4000-8000-000000000000' }))
        .statusCode,
    ).toBe(400);
    const back = json(await post(`/api/chat/${v.conversation.id}/return`, undefined, target.token)).conversation;
    expect(back).toMatchObject({ status: 'queued', agentId: null });
    const msgs = json(
      await t.app.inject({ url: `/api/chat/${v.conversation.id}/messages`, headers: bearer(v.token) }),
    ).messages;
    expect(
      msgs.filter((m: { senderType: string }) => m.senderType === 'system').map((m: { content: string }) => m.content),
    ).toEqual(['Holder joined the chat', 'Target joined the chat', 'Returned to the queue']);
    // What each line means travels with it, for the widget to say in the visitor's language.
    expect(
      msgs
        .filter((m: { senderType: string }) => m.senderType === 'system')
        .map((m: { metadata: unknown }) => m.metadata),
    ).toEqual([{ system: 'joined', name: 'Holder' }, { system: 'joined', name: 'Target' }, { system: 'returned' }]);
  });
});

describe('the queue', () => {
  it('lists position, waiting time and estimated wait; waiting visitors get queue_update', async () => {
    const host = await listen(t.app);
    const a = await onlineAgent({ maxConcurrentChats: 1 });
    const taken = await startChat(t.app, {});
    await settle();
    expect((await conv(taken.conversation.id)).agentId).toBe(a.agentId);
    const waiting = await startChat(t.app, {});
    const s = await connect(host, { token: waiting.token, conversationId: waiting.conversation.id });
    sockets.push(s);
    advance(30);
    const urgent = await startChat(t.app, { priority: 'urgent' });
    await settle();
    const q = json(await t.app.inject({ url: '/api/chat/queue', headers: bearer(a.token) })).queue;
    expect(q.map((e: { conversation: { id: string } }) => e.conversation.id)).toEqual([
      urgent.conversation.id,
      waiting.conversation.id,
    ]);
    expect(q[1]).toMatchObject({ position: 2, waitingSeconds: 30 });
    // One agent, one slot, no history: a slot frees every 300 s (AVG_HANDLE_DEFAULT_SECONDS).
    expect(q.map((e: { estimatedWaitSeconds: number }) => e.estimatedWaitSeconds)).toEqual([300, 600]);
    const update = await s.next((f) => f.type === 'queue_update' && f.data.position === 2);
    expect(update.data.estimatedWaitSeconds).toBe(600);
  });

  it('availability says whether anyone can take a chat now, and the expected wait', async () => {
    const { siteKey } = t.app.supportChat.bootstrap;
    const empty = json(await t.app.inject({ url: `/api/sites/${siteKey}/availability` }));
    expect(empty.availability).toMatchObject({ available: false, onlineAgents: 0, estimatedWaitSeconds: null });
    expect((await t.app.inject({ url: '/api/sites/site_unknown/availability' })).statusCode).toBe(404);
    const a = await onlineAgent();
    t.app.router.kick();
    await settle();
    const res = await t.app.inject({ url: `/api/sites/${siteKey}/availability` });
    expect(res.headers['cache-control']).toMatch(/max-age=5/);
    expect(json(res).availability).toMatchObject({ available: true, onlineAgents: 1, estimatedWaitSeconds: 0 });
    // The last agent leaving is seen at once: any status change drops the node's 5 s availability cache.
    expect((await put(`/api/agents/${a.agentId}/status`, { status: 'away' }, a.token)).statusCode).toBe(200);
    const away = json(await t.app.inject({ url: `/api/sites/${siteKey}/availability` }));
    expect(away.availability).toMatchObject({ available: false, onlineAgents: 0, estimatedWaitSeconds: null });
  });
});

describe('presence over the socket', () => {
  it('an agent sets their status with a presence frame; every console hears it', async () => {
    const host = await listen(t.app);
    const a = await createAgent(t.app, adminToken);
    const watcher = await createAgent(t.app, adminToken);
    const s = await connect(host, { token: a.token });
    const w = await connect(host, { token: watcher.token });
    sockets.push(s, w);
    s.send({ type: 'presence', id: 'p1', status: 'online' });
    await s.next((f) => f.type === 'ack' && f.data.ref === 'p1');
    const heard = await w.next((f) => f.type === 'presence' && f.data.agentId === a.agentId);
    expect(heard.data.status).toBe('online');
    expect((await agentView(a.agentId)).status).toBe('online');
    const v = await startChat(t.app, {});
    s.send({ type: 'presence', id: 'p2', status: 'busy' });
    await w.next((f) => f.type === 'presence' && f.data.agentId === a.agentId && f.data.status === 'busy');
    const visitor = await connect(host, { token: v.token, conversationId: v.conversation.id });
    sockets.push(visitor);
    visitor.send({ type: 'presence', id: 'p3', status: 'online' });
    expect((await visitor.next((f) => f.type === 'error' && f.data.ref === 'p3')).data.code).toBe('FORBIDDEN');
  });
});

describe('ticket threads', () => {
  it("do not use an agent's chat capacity", async () => {
    const a = await onlineAgent({ maxConcurrentChats: 1 });
    const ticket = await post('/api/tickets', {
      subject: 'Invoice',
      description: 'please',
      customerEmail: 'x@y.co',
      assignedAgentId: a.agentId,
    });
    expect(ticket.statusCode).toBe(201);
    const chat = await startChat(t.app, {});
    await settle();
    expect((await conv(chat.conversation.id)).agentId).toBe(a.agentId);
    expect((await agentView(a.agentId)).activeChats).toBe(1);
  });
});
