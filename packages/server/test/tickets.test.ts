import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, send, startChat, unique, type TestApp } from './helpers.js';

let t: TestApp;
let adminToken: string;
let agent: Awaited<ReturnType<typeof createAgent>>;
const HOUR = 3_600_000;

// A clock the test moves: SLA and first-response times are checked exactly.
let now = new Date('2026-03-01T10:00:00.000Z');
const clock = { now: () => new Date(now) };

beforeAll(async () => {
  t = await createTestApp({ SLA_HOURS_HIGH: '6' }, { clock });
  adminToken = await login(t.app);
  agent = await createAgent(t.app, adminToken, { name: 'Tina Tickets' });
});
afterAll(() => t.close());

const createTicket = (payload: object, headers: Record<string, string> = bearer(agent.token)) =>
  t.app.inject({ method: 'POST', url: '/api/tickets', headers, payload });
const updateTicket = (id: string, payload: object) =>
  t.app.inject({ method: 'PUT', url: `/api/tickets/${id}`, headers: bearer(agent.token), payload });

describe('creating tickets', () => {
  it('a direct ticket gets a new email-channel conversation whose first message is the description', async () => {
    const res = await createTicket({
      subject: 'Refund',
      description: 'Please refund order 42',
      priority: 'urgent',
      customerEmail: 'Buyer@Example.com',
      customerName: 'Buyer',
      category: 'billing',
      tags: ['refund'],
    });
    expect(res.statusCode).toBe(201);
    const { ticket } = json(res);
    expect(ticket).toMatchObject({
      subject: 'Refund',
      status: 'open',
      priority: 'urgent',
      category: 'billing',
      tags: ['refund'],
      customerEmail: 'Buyer@Example.com',
      customerName: 'Buyer',
      firstResponseAt: null,
      resolvedAt: null,
      closedAt: null,
    });
    expect(ticket.slaDueAt).toBe(new Date(now.getTime() + 1 * HOUR).toISOString());
    const conv = json(
      await t.app.inject({ url: `/api/chat/${ticket.conversationId}`, headers: bearer(agent.token) }),
    ).conversation;
    expect(conv).toMatchObject({ channel: 'email', subject: 'Refund', customerEmail: 'Buyer@Example.com' });
    const msgs = json(
      await t.app.inject({ url: `/api/chat/${ticket.conversationId}/messages`, headers: bearer(agent.token) }),
    ).messages;
    expect(msgs).toMatchObject([{ seq: 1, senderType: 'customer', content: 'Please refund order 42' }]);
  });

  it('a ticket from a chat links the conversation and copies its customer', async () => {
    const chat = await startChat(t.app, {
      customerId: 'c-77',
      customerName: 'Chatty',
      customerEmail: 'chatty@example.com',
    });
    await send(t.app, chat.token, chat.conversation.id, { content: 'my printer is on fire' });
    const res = await createTicket({
      subject: 'Printer fire',
      description: 'see chat',
      conversationId: chat.conversation.id,
    });
    const { ticket } = json(res);
    expect(ticket).toMatchObject({
      conversationId: chat.conversation.id,
      customerId: 'c-77',
      customerName: 'Chatty',
      customerEmail: 'chatty@example.com',
      priority: 'medium',
    });
    expect(ticket.slaDueAt).toBe(new Date(now.getTime() + 24 * HOUR).toISOString());
  });

  it('uses configured SLA hours (SLA_HOURS_HIGH=6) and low=72', async () => {
    const high = json(
      await createTicket({ subject: 's', description: 'd', priority: 'high', customerEmail: 'a@b.co' }),
    ).ticket;
    expect(high.slaDueAt).toBe(new Date(now.getTime() + 6 * HOUR).toISOString());
    const low = json(
      await createTicket({ subject: 's', description: 'd', priority: 'low', customerEmail: 'a@b.co' }),
    ).ticket;
    expect(low.slaDueAt).toBe(new Date(now.getTime() + 72 * HOUR).toISOString());
  });

  it('needs a customer; unknown assignee or team is 400; unknown conversation is 404', async () => {
    const noCustomer = await createTicket({ subject: 's', description: 'd' });
    expect(noCustomer.statusCode).toBe(400);
    const badAgent = await createTicket({
      subject: 's',
      description: 'd',
      customerEmail: 'a@b.co',
      assignedAgentId: '00000000-0000-4000-8000-000000000001',
    });
    expect(badAgent.statusCode).toBe(400);
    expect(json(badAgent).error.details[0].path).toBe('assignedAgentId');
    const badConv = await createTicket({
      subject: 's',
      description: 'd',
      conversationId: '00000000-0000-4000-8000-000000000002',
    });
    expect(badConv.statusCode).toBe(404);
  });

  it("a visitor creates tickets only for themselves, cannot assign, and cannot use another visitor's chat", async () => {
    const mine = await startChat(t.app, { customerId: 'v-self', customerName: 'Self' });
    const other = await startChat(t.app, { customerId: 'v-other' });
    const res = await createTicket(
      {
        subject: 'Mine',
        description: 'd',
        customerId: 'someone-else',
        assignedAgentId: agent.agentId,
        conversationId: mine.conversation.id,
      },
      bearer(mine.token),
    );
    expect(res.statusCode).toBe(201);
    expect(json(res).ticket).toMatchObject({ customerId: 'v-self', assignedAgentId: null });
    const foreign = await createTicket(
      { subject: 'x', description: 'd', conversationId: other.conversation.id },
      bearer(mine.token),
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('an anonymous caller (the widget offline form) must give an email and gets a visitor token back', async () => {
    const noEmail = await createTicket({ subject: 'Offline', description: 'nobody online' }, {});
    expect(noEmail.statusCode).toBe(400);
    expect(json(noEmail).error.details[0].path).toBe('customerEmail');
    const res = await createTicket(
      { subject: 'Offline', description: 'nobody online', customerEmail: 'late@example.com' },
      {},
    );
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body.visitorToken).toMatch(/^scv_/);
    const mine = await t.app.inject({ url: `/api/tickets/${body.ticket.id}`, headers: bearer(body.visitorToken) });
    expect(mine.statusCode).toBe(200);
    const list = json(await t.app.inject({ url: '/api/tickets', headers: bearer(body.visitorToken) }));
    expect(list.tickets.map((x: { id: string }) => x.id)).toEqual([body.ticket.id]);
  });
});

describe('updating tickets', () => {
  it('a priority change recomputes sla_due_at from created_at', async () => {
    const created = now.getTime();
    const { ticket } = json(
      await createTicket({ subject: 's', description: 'd', priority: 'low', customerEmail: 'p@q.co' }),
    );
    now = new Date(created + 5 * HOUR);
    const upd = json(await updateTicket(ticket.id, { priority: 'urgent' })).ticket;
    expect(upd.slaDueAt).toBe(new Date(created + 1 * HOUR).toISOString());
    now = new Date(created);
  });

  it('keeps resolved_at and closed_at right through resolve, reopen and close', async () => {
    const { ticket } = json(await createTicket({ subject: 's', description: 'd', customerEmail: 'r@s.co' }));
    now = new Date(now.getTime() + HOUR);
    const resolved = json(await updateTicket(ticket.id, { status: 'resolved' })).ticket;
    expect(resolved.resolvedAt).toBe(now.toISOString());
    expect(resolved.closedAt).toBeNull();
    const reopened = json(await updateTicket(ticket.id, { status: 'in_progress' })).ticket;
    expect(reopened).toMatchObject({ status: 'in_progress', resolvedAt: null, closedAt: null });
    now = new Date(now.getTime() + HOUR);
    const closed = json(await updateTicket(ticket.id, { status: 'closed' })).ticket;
    expect(closed.closedAt).toBe(now.toISOString());
    expect(closed.resolvedAt).toBe(now.toISOString());
  });

  it('first_response_at is the first agent reply in the thread after the ticket was created', async () => {
    const chat = await startChat(t.app, {});
    await send(t.app, agent.token, chat.conversation.id, { content: 'reply before the ticket' });
    now = new Date(now.getTime() + 60_000);
    const { ticket } = json(
      await createTicket({ subject: 's', description: 'd', conversationId: chat.conversation.id }),
    );
    expect(ticket.firstResponseAt).toBeNull();
    await send(t.app, chat.token, chat.conversation.id, { content: 'customer again' });
    let got = json(await t.app.inject({ url: `/api/tickets/${ticket.id}`, headers: bearer(agent.token) })).ticket;
    expect(got.firstResponseAt).toBeNull();
    now = new Date(now.getTime() + 60_000);
    const replyAt = now.toISOString();
    await send(t.app, agent.token, chat.conversation.id, { content: 'on it' });
    now = new Date(now.getTime() + 60_000);
    await send(t.app, agent.token, chat.conversation.id, { content: 'second reply' });
    got = json(await t.app.inject({ url: `/api/tickets/${ticket.id}`, headers: bearer(agent.token) })).ticket;
    expect(got.firstResponseAt).toBe(replyAt);
  });

  it('visitors cannot update tickets; unknown ids are 404; bad ids are 400', async () => {
    const v = await startChat(t.app, {});
    const { ticket } = json(
      await createTicket({ subject: 's', description: 'd', conversationId: v.conversation.id }, bearer(v.token)),
    );
    const asVisitor = await t.app.inject({
      method: 'PUT',
      url: `/api/tickets/${ticket.id}`,
      headers: bearer(v.token),
      payload: { status: 'closed' },
    });
    expect(asVisitor.statusCode).toBe(403);
    expect((await updateTicket('00000000-0000-4000-8000-000000000009', { status: 'closed' })).statusCode).toBe(404);
    expect((await updateTicket('not-a-uuid', { status: 'closed' })).statusCode).toBe(400);
    expect((await updateTicket(ticket.id, { status: 'done' })).statusCode).toBe(400);
    expect((await updateTicket(ticket.id, {})).statusCode).toBe(400);
  });
});

describe('listing and filtering tickets', () => {
  const tag = unique('tag');
  const cat = unique('cat');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const team = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/teams',
        headers: bearer(adminToken),
        payload: { name: unique('team') },
      }),
    ).team;
    const mk = async (key: string, body: object) => {
      ids[key] = json(
        await createTicket({ description: 'd', customerEmail: 'f@g.co', category: cat, tags: [tag], ...body }),
      ).ticket.id;
      now = new Date(now.getTime() + 1000);
    };
    await mk('a', { subject: 'Alpha 100% done_now', priority: 'low' });
    await mk('b', {
      subject: 'Bravo',
      priority: 'urgent',
      assignedAgentId: agent.agentId,
      assignedTeamId: team.id,
      customerId: 'cust-bravo',
    });
    await mk('c', { subject: 'Charlie', priority: 'high' });
    await updateTicket(ids.c!, { status: 'waiting' });
    ids.team = team.id;
  });

  const list = async (q: string) => {
    const res = await t.app.inject({ url: `/api/tickets?category=${cat}&${q}`, headers: bearer(agent.token) });
    expect(res.statusCode, res.body).toBe(200);
    return json(res);
  };
  const subjects = (body: { tickets: { subject: string }[] }) => body.tickets.map((x) => x.subject);

  it('filters by status (one or a list), priority, assignee, team, customer, tag and free text', async () => {
    expect(subjects(await list('status=waiting'))).toEqual(['Charlie']);
    expect(subjects(await list('status=open,waiting&sort=createdAt&order=asc'))).toEqual([
      'Alpha 100% done_now',
      'Bravo',
      'Charlie',
    ]);
    expect(subjects(await list('priority=urgent'))).toEqual(['Bravo']);
    expect(subjects(await list(`assignedAgentId=${agent.agentId}`))).toEqual(['Bravo']);
    expect(subjects(await list('assignedAgentId=none&sort=createdAt&order=asc'))).toEqual([
      'Alpha 100% done_now',
      'Charlie',
    ]);
    expect(subjects(await list(`assignedTeamId=${ids.team}`))).toEqual(['Bravo']);
    expect(subjects(await list('customerId=cust-bravo'))).toEqual(['Bravo']);
    expect((await list(`tag=${tag}`)).total).toBe(3);
    expect(subjects(await list('q=brav'))).toEqual(['Bravo']);
    // LIKE wildcards in the search text match themselves.
    expect(subjects(await list(`q=${encodeURIComponent('100%')}`))).toEqual(['Alpha 100% done_now']);
    expect(subjects(await list(`q=${encodeURIComponent('e_n')}`))).toEqual(['Alpha 100% done_now']);
    expect((await list('q=%25')).total).toBe(1);
  });

  it('filters by created range, sorts by priority, and paginates with a total', async () => {
    const first = await list('sort=createdAt&order=asc&limit=1');
    const from = first.tickets[0].createdAt;
    expect((await list(`createdFrom=${encodeURIComponent(from)}`)).total).toBe(3);
    expect((await list(`createdTo=${encodeURIComponent(from)}`)).total).toBe(1);
    expect(subjects(await list('sort=priority&order=asc'))).toEqual(['Bravo', 'Charlie', 'Alpha 100% done_now']);
    const p1 = await list('sort=createdAt&order=asc&limit=2&page=1');
    const p2 = await list('sort=createdAt&order=asc&limit=2&page=2');
    expect(p1).toMatchObject({ total: 3, page: 1, limit: 2 });
    expect([...subjects(p1), ...subjects(p2)]).toEqual(['Alpha 100% done_now', 'Bravo', 'Charlie']);
  });

  it('rejects injection attempts in filters with 400 and answers text search safely', async () => {
    for (const q of [
      "status=open' OR 1=1 --",
      'sort=createdAt;drop table tickets',
      'priority={"$ne":null}',
      'createdFrom=1; SELECT pg_sleep(3)--',
      'order=sideways',
      'limit=100000',
      'page=0',
      'assignedAgentId=1 OR 1=1',
    ]) {
      const res = await t.app.inject({ url: `/api/tickets?${q}`, headers: bearer(agent.token) });
      expect(res.statusCode, q).toBe(400);
      expect(json(res).error.code).toBe('VALIDATION_ERROR');
    }
    const started = Date.now();
    const search = await list(`q=${encodeURIComponent("' OR 1=1 --")}`);
    expect(search.total).toBe(0);
    const sleepy = await list(`q=${encodeURIComponent('1; SELECT pg_sleep(3)--')}`);
    expect(sleepy.total).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('visitors only ever list their own tickets', async () => {
    const v = await startChat(t.app, {});
    const res = await t.app.inject({ url: `/api/tickets?category=${cat}`, headers: bearer(v.token) });
    expect(json(res).total).toBe(0);
    const direct = await t.app.inject({ url: `/api/tickets/${ids.a}`, headers: bearer(v.token) });
    expect(direct.statusCode).toBe(404);
  });
});
