// The admin's changes that move people and chats: deactivating an agent (their chats back to the queue, their
// sessions over, no way to give them a chat), deleting a team (refused while it holds anything, or with everything
// moved), and the audit log that records each change with secrets left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, createAgent, createTestApp, json, login, startChat, type TestApp } from './helpers.js';

let t: TestApp;
let admin: string;

const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, token = admin) => {
  const res = await t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body ? json(res) : null };
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app);
});
afterAll(() => t.close());

/** A manual team with one agent, a rule sending web chats there, and one chat the agent has accepted. */
async function agentWithAChat(name: string) {
  const team = (await api('POST', '/api/teams', { name: `${name} desk`, assignmentMode: 'manual' })).body.team;
  const agent = await createAgent(t.app, admin, { name, teamIds: [team.id], password: 'agent-password' });
  const rule = (
    await api('POST', '/api/routing-rules', { name: `To ${name}`, conditions: { keywords: [name] }, teamId: team.id })
  ).body.rule;
  const { conversation } = await startChat(t.app, { customerName: 'Cora', message: `help ${name}` });
  expect(conversation.teamId).toBe(team.id);
  const accepted = await api('POST', `/api/chat/${conversation.id}/accept`, {}, agent.token);
  expect(accepted.status).toBe(200);
  return { team, agent, rule, conversation };
}

describe('deactivating an agent', () => {
  it('puts their chats back in the queue, ends their sessions, and nothing can give them a chat until reactivated', async () => {
    const { team, agent, conversation } = await agentWithAChat('Dana');
    const res = await api('POST', `/api/agents/${agent.agentId}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body.requeued).toBe(1);
    expect(res.body.agent).toMatchObject({ id: agent.agentId, active: false, status: 'offline', activeChats: 0 });

    const chat = (await api('GET', `/api/chat/${conversation.id}`)).body.conversation;
    expect(chat).toMatchObject({ status: 'queued', agentId: null, agentName: null, teamId: team.id });
    const messages = (await api('GET', `/api/chat/${conversation.id}/messages`)).body.messages;
    expect(messages.at(-1)).toMatchObject({
      senderType: 'system',
      content: 'Dana is no longer available',
      metadata: { system: 'unavailable', name: 'Dana' },
    });

    // Their session is over, and they cannot sign in again.
    expect((await api('GET', '/api/auth/me', undefined, agent.token)).status).toBe(401);
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: agent.email, password: 'agent-password' },
    });
    expect(relogin.statusCode).toBe(401);

    // No path gives them a chat or puts them online.
    const assign = await api('PUT', `/api/chat/${conversation.id}`, { agentId: agent.agentId });
    expect(assign.status).toBe(409);
    expect(assign.body.error.code).toBe('AGENT_DEACTIVATED');
    const online = await api('PUT', `/api/agents/${agent.agentId}/status`, { status: 'online' });
    expect(online.status).toBe(409);
    expect(online.body.error.code).toBe('AGENT_DEACTIVATED');

    // Reactivated: they sign in again, offline until they choose otherwise; the chat stays where it went.
    const back = await api('POST', `/api/agents/${agent.agentId}/reactivate`);
    expect(back.body.agent).toMatchObject({ active: true, status: 'offline' });
    const token = await login(t.app, agent.email, 'agent-password');
    expect((await api('GET', '/api/auth/me', undefined, token)).status).toBe(200);
    expect((await api('GET', `/api/chat/${conversation.id}`)).body.conversation.status).toBe('queued');
  });

  it('refuses to deactivate the admin doing it, and answers 404 for an unknown agent', async () => {
    const lead = await createAgent(t.app, admin, { name: 'Lead', role: 'admin' });
    const self = await api('POST', `/api/agents/${lead.agentId}/deactivate`, undefined, lead.token);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('You cannot deactivate yourself: ask another admin');
    const unknown = await api('POST', '/api/agents/00000000-0000-4000-8000-00000000dead/deactivate');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('AGENT_NOT_FOUND');
  });
});

describe("today's counts", () => {
  it('counts per agent since an instant: chats taken, chats resolved, replies (not notes)', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { agent, conversation } = await agentWithAChat('Tally');
    for (const [content, isPrivate] of [
      ['one', false],
      ['two', false],
      ['a note', true],
    ] as const)
      expect(
        (await api('POST', `/api/chat/${conversation.id}/message`, { content, isPrivate }, agent.token)).status,
      ).toBe(201);
    await api('PUT', `/api/chat/${conversation.id}`, { status: 'resolved' }, agent.token);
    const counts = await api('GET', `/api/agents/activity?since=${encodeURIComponent(since)}`);
    expect(counts.status).toBe(200);
    expect(counts.body.since).toBe(since);
    expect(counts.body.activity.find((a: { agentId: string }) => a.agentId === agent.agentId)).toEqual({
      agentId: agent.agentId,
      assigned: 1,
      resolved: 1,
      replies: 2,
    });
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await api('GET', `/api/agents/activity?since=${encodeURIComponent(later)}`)).body.activity).toEqual([]);
    expect((await api('GET', '/api/agents/activity?since=yesterday')).status).toBe(400);
    expect(
      (await api('GET', `/api/agents/activity?since=${encodeURIComponent(since)}`, undefined, agent.token)).status,
    ).toBe(403);
  });
});

describe('deleting a team', () => {
  it('is refused while it has members, chats or rules, with the counts; with reassignTo everything moves', async () => {
    const { team, agent, rule, conversation } = await agentWithAChat('Eli');
    const refused = await api('DELETE', `/api/teams/${team.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'TEAM_NOT_EMPTY',
      details: { members: 1, conversations: 1, tickets: 0, rules: 1 },
    });

    const other = (await api('POST', '/api/teams', { name: 'Eli overflow' })).body.team;
    const self = await api('DELETE', `/api/teams/${team.id}?reassignTo=${team.id}`);
    expect(self.status).toBe(400);
    const done = await api('DELETE', `/api/teams/${team.id}?reassignTo=${other.id}`);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ ok: true, moved: { conversations: 1, tickets: 0, rules: 1, cannedResponses: 0 } });

    expect((await api('GET', `/api/teams/${team.id}`)).status).toBe(404);
    expect((await api('GET', `/api/chat/${conversation.id}`)).body.conversation.teamId).toBe(other.id);
    const rules = (await api('GET', '/api/routing-rules')).body.rules;
    expect(rules.find((r: { id: string }) => r.id === rule.id).teamId).toBe(other.id);
    // The member left the team (and their primary team with it); the chat they hold is untouched.
    const after = (await api('GET', `/api/agents/${agent.agentId}`)).body.agent;
    expect(after).toMatchObject({ teamIds: [], teamId: null, activeChats: 1 });
  });

  it('deletes an empty team outright', async () => {
    const empty = (await api('POST', '/api/teams', { name: 'Nobody here' })).body.team;
    expect((await api('DELETE', `/api/teams/${empty.id}`)).body).toEqual({
      ok: true,
      moved: { conversations: 0, tickets: 0, rules: 0, cannedResponses: 0 },
    });
  });
});

describe('the audit log', () => {
  it('records who changed what, before and after, newest first, without passwords; admins only', async () => {
    const created = await api('POST', '/api/agents', {
      name: 'Fay Audit',
      email: 'fay.audit@test.local',
      password: 'fay-password-1',
    });
    const id = created.body.agent.id;
    await api('PUT', `/api/agents/${id}`, { maxConcurrentChats: 3, password: 'fay-password-2' });
    await api('POST', `/api/agents/${id}/deactivate`);

    const log = (await api('GET', `/api/audit-log?targetType=agent&targetId=${id}`)).body;
    expect(log.total).toBe(3);
    expect(log.entries.map((e: { action: string }) => e.action)).toEqual([
      'agent.deactivate',
      'agent.update',
      'agent.create',
    ]);
    const [deactivated, updated, made] = log.entries;
    expect(made).toMatchObject({ actorName: expect.any(String), targetType: 'agent', targetId: id, before: null });
    expect(made.after).toMatchObject({ name: 'Fay Audit', maxConcurrentChats: 5 });
    expect(updated.before.maxConcurrentChats).toBe(5);
    expect(updated.after).toMatchObject({ maxConcurrentChats: 3, changed: ['maxConcurrentChats', 'password'] });
    expect(deactivated.after).toMatchObject({ active: false, requeued: 0 });
    expect(JSON.stringify(log)).not.toContain('fay-password');
    expect((await api('GET', '/api/auth/me')).body.user.email).toBe(ADMIN.email);
    expect(made.actorUserId).toBe((await api('GET', '/api/auth/me')).body.user.id);

    const agent = await createAgent(t.app, admin);
    expect((await api('GET', '/api/audit-log', undefined, agent.token)).status).toBe(403);
  });
});

describe('routing rules: order and a test chat', () => {
  it('sets the order rules are tried in, and tells which rule a sample chat meets', async () => {
    for (const r of (await api('GET', '/api/routing-rules')).body.rules)
      await api('DELETE', `/api/routing-rules/${r.id}`);
    const sales = (await api('POST', '/api/teams', { name: 'Sales floor' })).body.team;
    const vip = (await api('POST', '/api/teams', { name: 'VIP desk' })).body.team;
    const pricing = (
      await api('POST', '/api/routing-rules', {
        name: 'Pricing pages',
        conditions: { pageUrlContains: ['/pricing'] },
        teamId: sales.id,
      })
    ).body.rule;
    const plans = (
      await api('POST', '/api/routing-rules', {
        name: 'Enterprise customers',
        conditions: { attributes: { plan: 'enterprise' } },
        teamId: vip.id,
        priority: 'high',
      })
    ).body.rule;
    const sample = { pageUrl: 'https://shop.example/pricing', attributes: { plan: 'enterprise' } };
    let hit = (await api('POST', '/api/routing-rules/test', sample)).body;
    expect(hit).toMatchObject({ rule: { id: pricing.id }, teamId: sales.id, requiredSkills: [], priority: null });

    const reordered = await api('PUT', '/api/routing-rules/order', { ids: [plans.id, pricing.id] });
    expect(reordered.body.rules.map((r: { name: string; position: number }) => [r.name, r.position])).toEqual([
      ['Enterprise customers', 0],
      ['Pricing pages', 10],
    ]);
    hit = (await api('POST', '/api/routing-rules/test', sample)).body;
    expect(hit).toMatchObject({ rule: { id: plans.id }, teamId: vip.id, priority: 'high' });
    expect((await api('POST', '/api/routing-rules/test', { channel: 'email', message: 'hi' })).body).toEqual({
      rule: null,
      teamId: null,
      requiredSkills: [],
      priority: null,
    });

    // Every rule once, or nothing changes.
    const partial = await api('PUT', '/api/routing-rules/order', { ids: [plans.id] });
    expect(partial.status).toBe(400);
    expect(partial.body.error.details).toEqual([{ path: 'body.ids', message: 'must list each of the 2 rules once' }]);
    const twice = await api('PUT', '/api/routing-rules/order', { ids: [plans.id, plans.id] });
    expect(twice.status).toBe(400);
    const log = (await api('GET', '/api/audit-log?targetType=rule&limit=1')).body.entries[0];
    expect(log).toMatchObject({ action: 'rule.reorder', after: { order: [plans.id, pricing.id] } });
  });
});

describe('team default skills', () => {
  it("a rule that sends chats to a team and names no skills asks for the team's; a rule's own skills win", async () => {
    await createAgent(t.app, admin, { skills: ['french', 'vip'] });
    const unknown = await api('POST', '/api/teams', { name: 'Paris desk', defaultSkills: ['klingon'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'defaultSkills', message: 'no agent has: klingon' }]);
    const team = (await api('POST', '/api/teams', { name: 'Paris desk', defaultSkills: ['french'] })).body.team;
    expect(team.defaultSkills).toEqual(['french']);
    const plain = (
      await api('POST', '/api/routing-rules', {
        name: 'French pages',
        conditions: { pageUrlContains: ['/fr/'] },
        teamId: team.id,
      })
    ).body.rule;
    const own = (
      await api('POST', '/api/routing-rules', {
        name: 'French VIPs',
        conditions: { attributes: { plan: 'vip' } },
        teamId: team.id,
        requiredSkills: ['vip'],
      })
    ).body.rule;
    await api('PUT', '/api/routing-rules/order', {
      ids: [
        own.id,
        plain.id,
        ...(await api('GET', '/api/routing-rules')).body.rules
          .map((r: { id: string }) => r.id)
          .filter((id: string) => id !== own.id && id !== plain.id),
      ],
    });
    const test = async (body: object) =>
      (await api('POST', '/api/routing-rules/test', { channel: 'web', ...body })).body;
    expect(await test({ pageUrl: 'https://shop.example/fr/prix' })).toMatchObject({
      rule: { id: plain.id },
      teamId: team.id,
      requiredSkills: ['french'],
    });
    expect(await test({ attributes: { plan: 'vip' } })).toMatchObject({
      rule: { id: own.id },
      requiredSkills: ['vip'],
    });
    // A real chat gets them too; changing the team's defaults changes what its next chats ask for.
    const { conversation } = await startChat(t.app, {
      customerName: 'Fleur',
      message: 'bonjour',
      metadata: { pageUrl: 'https://shop.example/fr/' },
    });
    const seen = (await api('GET', `/api/chat/${conversation.id}`)).body.conversation;
    expect(seen).toMatchObject({ teamId: team.id, requiredSkills: ['french'] });
    await api('PUT', `/api/teams/${team.id}`, { defaultSkills: [] });
    expect((await test({ pageUrl: 'https://shop.example/fr/' })).requiredSkills).toEqual([]);
    await api('DELETE', `/api/routing-rules/${plain.id}`);
    await api('DELETE', `/api/routing-rules/${own.id}`);
  });
});

describe('the SLA policy', () => {
  it('starts from the environment, is saved by an admin, and new tickets are due by it', async () => {
    expect((await api('GET', '/api/settings/sla')).body).toEqual({
      sla: {
        hours: { urgent: 1, high: 4, medium: 24, low: 72 },
        firstResponseMinutes: { urgent: 30, high: 60, medium: 240, low: 1440 },
        warnMinutes: 30,
        followBusinessHours: false,
        pauseWhileWaiting: false,
      },
    });
    const bad = await api('PUT', '/api/settings/sla', { hours: { urgent: 0, high: 4, medium: 24, low: 72 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.hours.urgent');
    const missing = await api('PUT', '/api/settings/sla', { hours: { urgent: 2 } });
    expect(missing.status).toBe(400);

    const saved = await api('PUT', '/api/settings/sla', { hours: { urgent: 2, high: 8, medium: 48, low: 120 } });
    expect(saved.body).toEqual({
      sla: {
        hours: { urgent: 2, high: 8, medium: 48, low: 120 },
        firstResponseMinutes: { urgent: 30, high: 60, medium: 240, low: 1440 },
        warnMinutes: 30,
        followBusinessHours: false,
        pauseWhileWaiting: false,
      },
    });
    expect((await api('GET', '/api/settings/sla')).body.sla.hours.high).toBe(8);

    const { conversation } = await startChat(t.app, { customerName: 'Sal', message: 'slow' });
    const ticket = (
      await api('POST', '/api/tickets', {
        conversationId: conversation.id,
        subject: 'Late',
        description: 'x',
        priority: 'high',
      })
    ).body.ticket;
    const hours = (Date.parse(ticket.slaDueAt) - Date.parse(ticket.createdAt)) / 3_600_000;
    expect(hours).toBe(8);
    expect((Date.parse(ticket.firstResponseDueAt) - Date.parse(ticket.createdAt)) / 60_000).toBe(60);
    const entry = (await api('GET', '/api/audit-log?targetType=settings&limit=1')).body.entries[0];
    expect(entry).toMatchObject({
      action: 'settings.sla',
      before: { hours: { high: 4 } },
      after: { hours: { high: 8 } },
    });
  });
});

describe('my account', () => {
  it('keeps my notification settings: all on at first, only those I name change, junk refused', async () => {
    const me = await createAgent(t.app, admin, { name: 'Nora Notify' });
    const read = async () => (await api('GET', '/api/auth/me', undefined, me.token)).body.user.notifications;
    const all = {
      queued: true,
      assigned: true,
      messages: true,
      sound: true,
      email: true,
      emailAfterMinutes: 5,
      mentions: true,
    };
    expect(await read()).toEqual(all);
    const quiet = await api(
      'PUT',
      '/api/auth/me',
      { notifications: { queued: false, sound: false, emailAfterMinutes: 15 } },
      me.token,
    );
    expect(quiet.status).toBe(200);
    const after = { ...all, queued: false, sound: false, emailAfterMinutes: 15 };
    expect(quiet.body.user.notifications).toEqual(after);
    expect(await read()).toEqual(after);
    for (const bad of [{ queued: 'no' }, { sms: true }, { emailAfterMinutes: 0 }, { emailAfterMinutes: 1.5 }]) {
      const res = await api('PUT', '/api/auth/me', { notifications: bad }, me.token);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.details[0].path).toMatch(/^body\.notifications/);
    }
    expect((await api('PUT', '/api/auth/me', {}, me.token)).status).toBe(400);
    // Someone else's settings are theirs.
    expect((await api('GET', '/api/auth/me')).body.user.notifications.queued).toBe(true);
  });

  it('changes my name everywhere it shows, and my password only with the current one, ending my other sessions', async () => {
    const me = await createAgent(t.app, admin, { name: 'Old Name', password: 'first-password' });
    const other = await login(t.app, me.email, 'first-password');
    const renamed = await api('PUT', '/api/auth/me', { name: 'New Name' }, me.token);
    expect(renamed.body.user.name).toBe('New Name');
    expect(renamed.body.agent.name).toBe('New Name');

    const wrong = await api('PUT', '/api/auth/me', { currentPassword: 'nope', password: 'second-password' }, me.token);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([
      { path: 'body.currentPassword', message: 'is not your current password' },
    ]);
    const missing = await api('PUT', '/api/auth/me', { password: 'second-password' }, me.token);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('body.currentPassword');

    const changed = await api(
      'PUT',
      '/api/auth/me',
      { currentPassword: 'first-password', password: 'second-password' },
      me.token,
    );
    expect(changed.status).toBe(200);
    // This session stays; the other one is over; the new password works and the old one does not.
    expect((await api('GET', '/api/auth/me', undefined, me.token)).status).toBe(200);
    expect((await api('GET', '/api/auth/me', undefined, other)).status).toBe(401);
    await login(t.app, me.email, 'second-password');
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: me.email, password: 'first-password' },
    });
    expect(old.statusCode).toBe(401);
  });
});

describe('API key scopes', () => {
  it('admin keys may do what admins may; agent keys what agents may; read keys read and change nothing', async () => {
    const make = async (scope?: string) => {
      const res = await api('POST', '/api/api-keys', {
        name: `key ${scope ?? 'default'}`,
        ...(scope ? { scope } : {}),
      });
      expect(res.status).toBe(201);
      return res.body as { apiKey: { id: string; scope: string }; key: string };
    };
    const full = await make();
    const agentKey = await make('agent');
    const readKey = await make('read');
    expect([full, agentKey, readKey].map((k) => k.apiKey.scope)).toEqual(['admin', 'agent', 'read']);
    expect((await api('POST', '/api/api-keys', { name: 'x', scope: 'root' })).body.error.details[0].path).toBe(
      'body.scope',
    );

    const { conversation } = await startChat(t.app, { customerName: 'Kim', message: 'hello' });
    const ticket = { conversationId: conversation.id, subject: 'S', description: 'D', priority: 'low' };
    // Full: an admin route and a change.
    expect((await api('GET', '/api/audit-log?limit=1', undefined, full.key)).status).toBe(200);
    expect((await api('POST', '/api/tickets', ticket, full.key)).status).toBe(201);
    // Agent: a change an agent may make, but no admin route.
    expect((await api('POST', '/api/tickets', ticket, agentKey.key)).status).toBe(201);
    expect((await api('GET', '/api/audit-log?limit=1', undefined, agentKey.key)).status).toBe(403);
    expect((await api('POST', '/api/agents', { name: 'X', email: 'x@example.com' }, agentKey.key)).status).toBe(403);
    // Read: reads what an admin may read; every change is refused, saying why, and nothing is written.
    expect((await api('GET', '/api/audit-log?limit=1', undefined, readKey.key)).status).toBe(200);
    const before = (await api('GET', '/api/tickets?limit=1')).body.total;
    const refused = await api('POST', '/api/tickets', ticket, readKey.key);
    expect(refused).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN', message: 'This API key may only read' } },
    });
    expect((await api('PUT', `/api/chat/${conversation.id}`, { tags: ['x'] }, readKey.key)).status).toBe(403);
    expect((await api('DELETE', `/api/api-keys/${full.apiKey.id}`, undefined, readKey.key)).status).toBe(403);
    expect((await api('GET', '/api/tickets?limit=1')).body.total).toBe(before);
    // The list tells the scopes apart.
    const listed = (await api('GET', '/api/api-keys')).body.apiKeys as { name: string; scope: string }[];
    expect(listed.filter((k) => k.name.startsWith('key ')).map((k) => [k.name, k.scope])).toEqual([
      ['key read', 'read'],
      ['key agent', 'agent'],
      ['key default', 'admin'],
    ]);
  });

  it('a read key follows conversations over the socket but cannot send, type, mark read or set a status', async () => {
    const { connect, listen } = await import('./ws-helpers.js');
    const host = await listen(t.app);
    const readKey = (await api('POST', '/api/api-keys', { name: 'watcher', scope: 'read' })).body.key as string;
    const { conversation, token } = await startChat(t.app, { customerName: 'Lou', message: 'first' });
    const s = await connect(host, { token: readKey });
    try {
      s.send({ type: 'subscribe', id: 'sub', conversationId: conversation.id, data: {} });
      expect((await s.next((f) => f.type === 'ack' && f.data.ref === 'sub')).data.lastSeq).toBe(1);
      for (const frame of [
        { type: 'message', data: { content: 'hi', clientMessageId: 'c-1' } },
        { type: 'typing', data: {} },
        { type: 'read', data: { messageId: '00000000-0000-4000-8000-000000000000' } },
        { type: 'presence', data: { status: 'online' } },
      ]) {
        s.send({ ...frame, id: frame.type, conversationId: conversation.id });
        const err = await s.next((f) => f.type === 'error' && f.data.ref === frame.type);
        expect(err.data, frame.type).toMatchObject({ code: 'FORBIDDEN', message: 'This API key may only read' });
      }
      // What the customer writes still reaches it.
      await t.app.inject({
        method: 'POST',
        url: `/api/chat/${conversation.id}/message`,
        headers: bearer(token),
        payload: { content: 'second' },
      });
      expect((await s.next((f) => f.type === 'message' && f.data.content === 'second')).conversationId).toBe(
        conversation.id,
      );
      const history = (await api('GET', `/api/chat/${conversation.id}/messages`)).body.messages as unknown[];
      expect(history).toHaveLength(2);
    } finally {
      s.close();
    }
  });
});
