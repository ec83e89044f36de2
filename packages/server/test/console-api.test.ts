// What the agent console needs from the server: private notes that never reach the customer, a feed that tells
// consoles of assignments without subscribing first, canned responses (scopes, shortcuts, placeholders, usage)
// and full-text search with typed filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';
import { connect, listen, sleep, type TestSocket } from './ws-helpers.js';
import { messages } from '../src/db/schema/index.js';
import type { SearchIndexer } from '../src/modules/search/indexer.js';

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
const open = async (opts: Parameters<typeof connect>[1]) => {
  const s = await connect(host, opts);
  sockets.push(s);
  return s;
};

describe('private notes', () => {
  it('reach agents and never the customer: not on the socket, not in REST history, not in the long-poll, not readable', async () => {
    const agent = await createAgent(t.app, admin);
    const v = await startChat(t.app, { customerName: 'Nora' });
    const id = v.conversation.id;
    const visitorSocket = await open({ token: v.token, conversationId: id });
    const agentSocket = await open({ token: agent.token });
    agentSocket.send({ type: 'subscribe', conversationId: id, id: 'sub' });
    await agentSocket.next((f) => f.type === 'ack' && f.data.ref === 'sub');

    const note = await send(t.app, agent.token, id, { content: 'VIP — be nice <b>secret</b>', isPrivate: true });
    expect(note.statusCode).toBe(201);
    expect(json(note).message).toMatchObject({ isPrivate: true, seq: 1 });
    // Over the socket, as an agent would write it.
    agentSocket.send({
      type: 'message',
      conversationId: id,
      id: 'n2',
      data: { content: 'second note', clientMessageId: 'n2', isPrivate: true },
    });
    await agentSocket.next((f) => f.type === 'ack' && f.data.ref === 'n2');
    const reply = json(await send(t.app, agent.token, id, { content: 'Hello Nora' })).message;
    expect(reply).toMatchObject({ isPrivate: false, seq: 3 });

    // The visitor's socket gets the reply, in order, and nothing else; the agent's gets all three.
    const got = await visitorSocket.next((f) => f.type === 'message' && f.data.seq === 3);
    expect(got.data.content).toBe('Hello Nora');
    expect(visitorSocket.frames.filter((f) => f.type === 'message').map((f) => f.data.seq)).toEqual([3]);
    await agentSocket.next((f) => f.type === 'message' && f.data.seq === 3);
    expect(agentSocket.frames.filter((f) => f.type === 'message').map((f) => f.data.seq)).toEqual([1, 2, 3]);

    // A visitor resuming from 0 replays only what is theirs to see.
    const resumed = await open({ token: v.token, conversationId: id, afterSeq: 0 });
    await resumed.next((f) => f.type === 'message' && f.data.seq === 3);
    expect(resumed.frames.filter((f) => f.type === 'message').map((f) => f.data.seq)).toEqual([3]);

    const history = json(await req('GET', `/api/chat/${id}/messages`, v.token)).messages;
    expect(history.map((m: { content: string }) => m.content)).toEqual(['Hello Nora']);
    const agentHistory = json(await req('GET', `/api/chat/${id}/messages`, agent.token)).messages;
    expect(agentHistory).toHaveLength(3);
    const poll = json(await req('GET', `/api/chat/${id}/messages?afterSeq=0&wait=1`, v.token)).messages;
    expect(poll.map((m: { seq: number }) => m.seq)).toEqual([3]);

    // Knowing a note's id does not let the visitor mark it read, and reading the reply leaves notes unread.
    const noteId = json(note).message.id;
    expect((await req('POST', `/api/chat/${id}/read`, v.token, { messageId: noteId })).statusCode).toBe(404);
    expect((await req('POST', `/api/chat/${id}/read`, v.token, { messageId: reply.id })).statusCode).toBe(200);
    const after = json(await req('GET', `/api/chat/${id}/messages`, agent.token)).messages;
    expect(after.filter((m: { isPrivate: boolean; readAt: string | null }) => m.isPrivate && m.readAt)).toEqual([]);
  });

  it('a customer cannot write one, and a note is not a first response', async () => {
    const agent = await createAgent(t.app, admin);
    const v = await startChat(t.app, {});
    const id = v.conversation.id;
    const refused = await send(t.app, v.token, id, { content: 'sneaky', isPrivate: true });
    expect(refused.statusCode).toBe(403);
    expect(json(refused).error.code).toBe('FORBIDDEN');
    const ws = await open({ token: v.token, conversationId: id });
    ws.send({ type: 'message', id: 'x', data: { content: 'sneaky', clientMessageId: 'x', isPrivate: true } });
    expect((await ws.next((f) => f.type === 'error' && f.data.ref === 'x')).data.code).toBe('FORBIDDEN');

    await send(t.app, agent.token, id, { content: 'note', isPrivate: true });
    expect(json(await req('GET', `/api/chat/${id}`, agent.token)).conversation.firstResponseAt).toBeNull();
    await send(t.app, agent.token, id, { content: 'reply' });
    expect(json(await req('GET', `/api/chat/${id}`, agent.token)).conversation.firstResponseAt).not.toBeNull();
  });
});

describe('the console feed', () => {
  it('tells every agent console when a chat is assigned or changes status, without a subscription, once', async () => {
    const agent = await createAgent(t.app, admin);
    const other = await createAgent(t.app, admin);
    const console1 = await open({ token: agent.token });
    const console2 = await open({ token: other.token });
    const v = await startChat(t.app, {});
    const id = v.conversation.id;
    await console1.next((f) => f.type === 'queue_update' && f.conversationId === id);

    expect((await req('POST', `/api/chat/${id}/accept`, agent.token)).statusCode).toBe(200);
    const assigned = await console2.next((f) => f.type === 'agent_assigned' && f.conversationId === id);
    expect(assigned.data.agentId).toBe(agent.agentId);
    await console1.next((f) => f.type === 'agent_assigned' && f.conversationId === id);

    // A console that follows the conversation gets each event once, not once per topic.
    console1.send({ type: 'subscribe', conversationId: id, id: 's' });
    await console1.next((f) => f.type === 'ack' && f.data.ref === 's');
    const from = console1.frames.length;
    await req('PUT', `/api/chat/${id}`, agent.token, { status: 'resolved' });
    await console2.next((f) => f.type === 'status_change' && f.conversationId === id);
    await console1.next((f) => f.type === 'status_change' && f.conversationId === id, 5000, from);
    await sleep(100);
    expect(console1.frames.slice(from).filter((f) => f.type === 'status_change')).toHaveLength(1);
    // Visitors are not on the feed.
    const visitor = await open({ token: (await startChat(t.app, {})).token });
    await req('PUT', `/api/chat/${id}`, agent.token, { status: 'closed' });
    await console2.next((f) => f.type === 'status_change' && f.data.status === 'closed');
    expect(visitor.frames.filter((f) => f.type === 'status_change')).toEqual([]);
  });
});

describe('canned responses', () => {
  it("CRUD with scopes: shared ones are the admins', private ones their agent's, and nobody sees another's", async () => {
    const a = await createAgent(t.app, admin);
    const b = await createAgent(t.app, admin);
    const shared = await req('POST', '/api/canned-responses', admin, {
      title: 'Greeting',
      content: 'Hi {{customer.firstName|there}}, I am {{agent.name}}.',
      shortcut: 'Hello',
      category: 'Openers',
      tags: ['greet'],
    });
    expect(shared.statusCode).toBe(201);
    expect(json(shared).cannedResponse).toMatchObject({
      agentId: null,
      shortcut: 'hello',
      usageCount: 0,
      tags: ['greet'],
    });
    const sharedId = json(shared).cannedResponse.id;

    const mine = json(
      await req('POST', '/api/canned-responses', a.token, {
        title: 'Mine',
        content: 'Refund done.',
        shortcut: 'refund',
      }),
    );
    expect(mine.cannedResponse.agentId).toBe(a.agentId);
    // Agents cannot create or change shared ones.
    expect(
      (await req('POST', '/api/canned-responses', a.token, { title: 'x', content: 'y', shared: true })).statusCode,
    ).toBe(403);
    expect((await req('PUT', `/api/canned-responses/${sharedId}`, a.token, { title: 'mine now' })).statusCode).toBe(
      403,
    );
    expect((await req('DELETE', `/api/canned-responses/${sharedId}`, a.token)).statusCode).toBe(403);

    // B sees the shared one but not A's, and A's answers 404 to B on every verb.
    const listB = json(await req('GET', '/api/canned-responses', b.token)).cannedResponses.map(
      (c: { id: string }) => c.id,
    );
    expect(listB).toContain(sharedId);
    expect(listB).not.toContain(mine.cannedResponse.id);
    for (const [m, u, body] of [
      ['GET', '', undefined],
      ['PUT', '', { title: 'z' }],
      ['DELETE', '', undefined],
      ['POST', '/use', {}],
    ] as const) {
      expect(
        (await req(m, `/api/canned-responses/${mine.cannedResponse.id}${u}`, b.token, body)).statusCode,
        m + u,
      ).toBe(404);
    }
    const listA = json(await req('GET', '/api/canned-responses?scope=mine', a.token)).cannedResponses;
    expect(listA.map((c: { title: string }) => c.title)).toEqual(['Mine']);
    expect(
      json(await req('GET', '/api/canned-responses?q=greet&scope=shared', a.token)).cannedResponses.map(
        (c: { id: string }) => c.id,
      ),
    ).toContain(sharedId);

    const edited = await req('PUT', `/api/canned-responses/${mine.cannedResponse.id}`, a.token, {
      content: 'Refund sent, {{customer.name}}.',
    });
    expect(json(edited).cannedResponse.content).toBe('Refund sent, {{customer.name}}.');
    expect((await req('DELETE', `/api/canned-responses/${mine.cannedResponse.id}`, a.token)).statusCode).toBe(200);
    expect((await req('GET', `/api/canned-responses/${mine.cannedResponse.id}`, a.token)).statusCode).toBe(404);
  });

  it("team sharing: a team's members see its responses, others do not; admins move them between everyone and a team", async () => {
    const team = json(await req('POST', '/api/teams', admin, { name: 'Billing desk' })).team;
    const other = json(await req('POST', '/api/teams', admin, { name: 'Billing overflow' })).team;
    const member = await createAgent(t.app, admin, { teamIds: [team.id] });
    const outsider = await createAgent(t.app, admin);
    const made = await req('POST', '/api/canned-responses', admin, {
      title: 'Invoice copy',
      content: 'Your invoice is attached.',
      category: 'Billing',
      teamId: team.id,
    });
    expect(made.statusCode).toBe(201);
    const macro = json(made).cannedResponse;
    expect(macro).toMatchObject({ agentId: null, teamId: team.id, teamName: 'Billing desk', lastUsedAt: null });
    const ids = async (token: string, q = '') =>
      json(await req('GET', `/api/canned-responses${q}`, token)).cannedResponses.map((c: { id: string }) => c.id);
    expect(await ids(member.token)).toContain(macro.id);
    expect(await ids(member.token, '?scope=team')).toEqual([macro.id]);
    expect(await ids(member.token, '?scope=shared')).not.toContain(macro.id);
    expect(await ids(outsider.token)).not.toContain(macro.id);
    expect((await req('GET', `/api/canned-responses/${macro.id}`, outsider.token)).statusCode).toBe(404);
    // Members use it; only admins change it; a team that does not exist is refused by name.
    expect((await req('PUT', `/api/canned-responses/${macro.id}`, member.token, { title: 'x' })).statusCode).toBe(403);
    expect(
      (await req('POST', '/api/canned-responses', member.token, { title: 'x', content: 'y', teamId: team.id }))
        .statusCode,
    ).toBe(403);
    const noTeam = await req('POST', '/api/canned-responses', admin, {
      title: 'x',
      content: 'y',
      teamId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noTeam.statusCode).toBe(400);
    expect(json(noTeam).error.details).toEqual([{ path: 'teamId', message: 'no such team' }]);

    const used = json(await req('POST', `/api/canned-responses/${macro.id}/use`, member.token, {}));
    expect(used.cannedResponse.usageCount).toBe(1);
    expect(Date.now() - Date.parse(used.cannedResponse.lastUsedAt)).toBeLessThan(60_000);

    // Everyone's now, then the team's again.
    const everyone = await req('PUT', `/api/canned-responses/${macro.id}`, admin, { teamId: null });
    expect(json(everyone).cannedResponse).toMatchObject({ teamId: null, teamName: null });
    expect(await ids(outsider.token)).toContain(macro.id);
    await req('PUT', `/api/canned-responses/${macro.id}`, admin, { teamId: team.id });
    expect(await ids(outsider.token)).not.toContain(macro.id);
    // A private response stays private.
    const own = json(
      await req('POST', '/api/canned-responses', member.token, { title: 'Own', content: 'z', category: 'Billing' }),
    ).cannedResponse;
    const moved = await req('PUT', `/api/canned-responses/${own.id}`, member.token, { teamId: team.id });
    expect(moved.statusCode).toBe(400);
    expect(json(moved).error.details[0].path).toBe('teamId');

    // Renaming a category: an admin's rename reaches the shared ones, not an agent's own; an agent's reaches theirs.
    const renamed = await req('PUT', '/api/canned-responses/categories/Billing', admin, { name: 'Invoices' });
    expect(json(renamed)).toEqual({ renamed: 1 });
    expect(json(await req('GET', `/api/canned-responses/${macro.id}`, admin)).cannedResponse.category).toBe('Invoices');
    expect(json(await req('GET', `/api/canned-responses/${own.id}`, member.token)).cannedResponse.category).toBe(
      'Billing',
    );
    expect(json(await req('PUT', '/api/canned-responses/categories/Billing', member.token, { name: 'Money' }))).toEqual(
      { renamed: 1 },
    );
    expect((await req('PUT', '/api/canned-responses/categories/Billing', member.token, { name: '' })).statusCode).toBe(
      400,
    );

    // Every change to a shared response is in the audit log; an agent's own are not.
    const audit = json(await req('GET', `/api/audit-log?targetId=${macro.id}`, admin)).entries;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['canned.update', 'canned.update', 'canned.create']);
    expect(audit[1].before.teamId).toBe(team.id);
    expect(audit[1].after.teamId).toBe(null);
    expect(json(await req('GET', `/api/audit-log?targetId=${own.id}`, admin)).total).toBe(0);

    // Deleting the team asks where its responses go, and moves them there.
    const refused = await req('DELETE', `/api/teams/${team.id}`, admin);
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error.details).toMatchObject({ members: 1, cannedResponses: 1 });
    const gone = await req('DELETE', `/api/teams/${team.id}?reassignTo=${other.id}`, admin);
    expect(json(gone).moved).toEqual({ conversations: 0, tickets: 0, rules: 0, cannedResponses: 1 });
    expect(json(await req('GET', `/api/canned-responses/${macro.id}`, admin)).cannedResponse).toMatchObject({
      teamId: other.id,
      teamName: 'Billing overflow',
    });
  });

  it('shortcuts are unique per scope; the same shortcut may exist once shared and once per agent', async () => {
    const a = await createAgent(t.app, admin);
    const b = await createAgent(t.app, admin);
    expect(
      (await req('POST', '/api/canned-responses', admin, { title: 'S', content: 'c', shortcut: 'dup' })).statusCode,
    ).toBe(201);
    const again = await req('POST', '/api/canned-responses', admin, { title: 'S2', content: 'c', shortcut: 'DUP' });
    expect(again.statusCode).toBe(409);
    expect(json(again).error).toMatchObject({ code: 'SHORTCUT_TAKEN', details: [{ path: 'shortcut' }] });
    expect(
      (await req('POST', '/api/canned-responses', a.token, { title: 'A', content: 'c', shortcut: 'dup' })).statusCode,
    ).toBe(201);
    expect(
      (await req('POST', '/api/canned-responses', b.token, { title: 'B', content: 'c', shortcut: 'dup' })).statusCode,
    ).toBe(201);
    expect(
      (await req('POST', '/api/canned-responses', a.token, { title: 'A2', content: 'c', shortcut: 'dup' })).statusCode,
    ).toBe(409);
    const other = json(
      await req('POST', '/api/canned-responses', a.token, { title: 'A3', content: 'c', shortcut: 'other' }),
    ).cannedResponse;
    expect((await req('PUT', `/api/canned-responses/${other.id}`, a.token, { shortcut: 'dup' })).statusCode).toBe(409);
  });

  it('bad input: unknown or broken placeholders, bad shortcuts, wrong types, HTML kept as text', async () => {
    const bad = [
      { title: 't', content: 'Hi {{customer.password}}' },
      { title: 't', content: 'Hi {{constructor.constructor("alert(1)")()}}' },
      { title: 't', content: 'Hi {{customer.name' },
      { title: 't', content: 'Hi customer.name}}' },
      { title: 't', content: 'ok', shortcut: 'has space' },
      { title: 't', content: 'ok', shortcut: '/slash' },
      { title: 't', content: 'ok', shortcut: 'x'.repeat(33) },
      { title: '', content: 'ok' },
      { title: 't', content: 42 },
      { title: 't', content: 'x'.repeat(10_001) },
      { title: 't', content: 'ok', tags: 'not-an-array' },
      { title: 't', content: 'ok', shared: 'yes' },
    ];
    for (const body of bad) {
      const res = await req('POST', '/api/canned-responses', admin, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(json(res).error.code).toBe('VALIDATION_ERROR');
    }
    const placeholder = json(
      await req('POST', '/api/canned-responses', admin, { title: 't', content: 'Hi {{agent.nope}}' }),
    );
    expect(JSON.stringify(placeholder.error.details)).toContain('unknown placeholder {{agent.nope}}');
    const html = json(
      await req('POST', '/api/canned-responses', admin, {
        title: '<img src=x onerror=alert(1)>',
        content: '<script>alert(1)</script>',
      }),
    );
    expect(html.cannedResponse.title).toBe('<img src=x onerror=alert(1)>');
    expect((await req('GET', '/api/canned-responses/not-a-uuid', admin)).statusCode).toBe(400);
    expect((await req('GET', '/api/canned-responses?scope=everything', admin)).statusCode).toBe(400);
  });

  it('use fills placeholders for the conversation and the agent, with fallbacks, and counts every use', async () => {
    const agent = await createAgent(t.app, admin, { name: 'Ada Lovelace' });
    const c = json(
      await req('POST', '/api/canned-responses', admin, {
        title: 'Hi',
        content:
          'Hi {{customer.firstName|there}} ({{customer.email|no email}}), {{agent.firstName}} here about "{{conversation.subject}}".',
      }),
    ).cannedResponse;
    const named = await startChat(t.app, {
      customerName: 'Grace Hopper',
      customerEmail: 'grace@example.com',
      subject: 'Billing',
    });
    const used = json(
      await req('POST', `/api/canned-responses/${c.id}/use`, agent.token, { conversationId: named.conversation.id }),
    );
    expect(used.content).toBe('Hi Grace (grace@example.com), Ada here about "Billing".');
    const anon = await startChat(t.app, {});
    const fallback = json(
      await req('POST', `/api/canned-responses/${c.id}/use`, agent.token, { conversationId: anon.conversation.id }),
    );
    expect(fallback.content).toBe('Hi there (no email), Ada here about "".');
    // Parallel uses all count.
    await Promise.all(
      Array.from({ length: 8 }, () => req('POST', `/api/canned-responses/${c.id}/use`, agent.token, {})),
    );
    expect(json(await req('GET', `/api/canned-responses/${c.id}`, agent.token)).cannedResponse.usageCount).toBe(10);
    const missing = await req('POST', `/api/canned-responses/${c.id}/use`, agent.token, {
      conversationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    // A customer name that looks like a placeholder or markup is inserted as it is, never expanded again.
    const sly = await startChat(t.app, { customerName: '{{agent.email}} <img src=x onerror=alert(1)>' });
    const filled = json(
      await req('POST', `/api/canned-responses/${c.id}/use`, agent.token, { conversationId: sly.conversation.id }),
    );
    expect(filled.content).toContain('Hi {{agent.email}} (no email)');
  });
});

describe('search', () => {
  let agent: Awaited<ReturnType<typeof createAgent>>;
  let refund: string;
  let billing: string;
  let lisbon: string;
  beforeAll(async () => {
    agent = await createAgent(t.app, admin);
    const a = await startChat(t.app, {
      customerName: 'Zelda Quux',
      customerEmail: 'zelda@example.org',
      message: 'My parcel never arrived',
    });
    refund = a.conversation.id;
    await send(t.app, agent.token, refund, { content: 'I issued a refund for order 4711' });
    const b = await startChat(t.app, { subject: 'Invoice question', tags: ['billing', 'vip'], message: 'hello' });
    billing = b.conversation.id;
    const c = await startChat(t.app, { message: 'Olá, quero trocar o endereço para Lisboa' });
    lisbon = c.conversation.id;
    await req('POST', '/api/tickets', agent.token, {
      conversationId: lisbon,
      subject: 'Address change request',
      description: 'Move to Lisbon',
    });
    // Messages are indexed moments after their commit (modules/search/indexer.ts); here, at once.
    await t.app.supportChat.deps.searchIndex.flush();
  });
  const find = async (qs: string) => {
    const res = await req('GET', `/api/search?${qs}`, agent.token);
    expect(res.statusCode, res.body).toBe(200);
    return json(res) as {
      results: { conversation: { id: string }; matchedIn: string[]; message: { content: string } | null }[];
      total: number;
    };
  };

  it('finds by message words (as prefixes), customer name and email, subject, tag and ticket subject', async () => {
    const byMessage = await find('q=refun%20471');
    expect(byMessage.results.map((r) => r.conversation.id)).toEqual([refund]);
    expect(byMessage.results[0]!.matchedIn).toEqual(['message']);
    expect(byMessage.results[0]!.message!.content).toContain('refund');
    expect((await find('q=zelda')).results[0]).toMatchObject({ conversation: { id: refund }, matchedIn: ['customer'] });
    expect((await find('q=zelda@example.org')).results.map((r) => r.conversation.id)).toEqual([refund]);
    expect((await find('q=invoice')).results[0]).toMatchObject({
      conversation: { id: billing },
      matchedIn: ['subject'],
    });
    expect((await find('q=vip')).results.map((r) => r.conversation.id)).toContain(billing);
    expect((await find('q=address%20change')).results[0]).toMatchObject({
      conversation: { id: lisbon },
      matchedIn: ['ticket'],
    });
    expect((await find('q=endere%C3%A7o')).results.map((r) => r.conversation.id)).toEqual([lisbon]);
    expect((await find('q=nothing-like-this-anywhere')).results).toEqual([]);
  });

  it('filters by status, channel, agent, customer, tag and dates, and pages', async () => {
    expect((await find(`q=hello&tag=billing`)).results.map((r) => r.conversation.id)).toEqual([billing]);
    expect((await find(`q=hello&tag=other`)).results).toEqual([]);
    expect((await find(`q=refund&status=queued`)).results.map((r) => r.conversation.id)).toEqual([refund]);
    expect((await find(`q=refund&status=closed`)).total).toBe(0);
    expect((await find(`q=refund&channel=email`)).total).toBe(0);
    expect((await find(`q=refund&agentId=${agent.agentId}`)).total).toBe(0);
    expect((await find(`q=refund&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`)).total).toBe(1);
    expect((await find(`q=refund&to=2000-01-01T00:00:00Z`)).total).toBe(0);
    for (let i = 0; i < 5; i++) await startChat(t.app, { message: `pagination marker ${i}` });
    await t.app.supportChat.deps.searchIndex.flush();
    const p1 = await find('q=pagination%20marker&limit=2');
    const p3 = await find('q=pagination%20marker&limit=2&offset=4');
    expect(p1.total).toBe(5);
    expect(p1.results).toHaveLength(2);
    expect(p3.results).toHaveLength(1);
  });

  it("message search inside one conversation, and private notes stay out of a visitor's", async () => {
    const v = await startChat(t.app, { message: 'where is my parcel' });
    await send(t.app, agent.token, v.conversation.id, {
      content: 'parcel is delayed, internal: carrier lost it',
      isPrivate: true,
    });
    await send(t.app, agent.token, v.conversation.id, { content: 'your parcel is on its way' });
    await t.app.supportChat.deps.searchIndex.flush();
    const asAgent = json(await req('GET', `/api/chat/${v.conversation.id}/messages?q=parcel`, agent.token)).messages;
    expect(asAgent).toHaveLength(3);
    const asVisitor = json(await req('GET', `/api/chat/${v.conversation.id}/messages?q=parcel`, v.token)).messages;
    expect(asVisitor.map((m: { content: string }) => m.content)).toEqual([
      'where is my parcel',
      'your parcel is on its way',
    ]);
    expect(json(await req('GET', `/api/chat/${v.conversation.id}/messages?q=carrier`, v.token)).messages).toEqual([]);
  });

  it('a sent message is found without anyone flushing the index, within a second; a line nobody published by the sweep', async () => {
    const v = await startChat(t.app, { message: 'hello' });
    const sentAt = Date.now();
    await send(t.app, agent.token, v.conversation.id, { content: 'tracking code zq81x' });
    let found = 0;
    while (Date.now() - sentAt < 1000) {
      found = (await find('q=zq81x')).total;
      if (found) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(found).toBe(1);

    // Written straight to the table, as a node that stopped before its batch ran would leave it.
    const { db } = t.app.supportChat.deps;
    await db.insert(messages).values({
      conversationId: v.conversation.id,
      seq: 99,
      senderType: 'system',
      senderId: 'system',
      senderName: 'System',
      content: 'orphan line yv27k',
    });
    expect((await find('q=yv27k')).total).toBe(0);
    await (t.app.supportChat.deps.searchIndex as SearchIndexer).sweep();
    expect((await find('q=yv27k')).results.map((r) => r.conversation.id)).toEqual([v.conversation.id]);
  });

  it('injection and junk in q and filters: 400 or no match, and fast (SECURITY.md 12)', async () => {
    for (const q of [
      "' OR 1=1 --",
      '1; SELECT pg_sleep(3)--',
      '{"$ne":null}',
      "refund' & !",
      ':* | (',
      '\u202Erefund',
      '<script>alert(1)</script>',
    ]) {
      const started = Date.now();
      const res = await req('GET', `/api/search?q=${encodeURIComponent(q)}`, agent.token);
      expect([200, 400], `${q}: ${res.body}`).toContain(res.statusCode);
      expect(Date.now() - started, q).toBeLessThan(2500);
      if (res.statusCode === 200)
        expect(
          json(res).results.every((r: { conversation: { id: string } }) => typeof r.conversation.id === 'string'),
        ).toBe(true);
    }
    for (const qs of [
      '',
      'q=',
      'q=%20%20',
      'q=!!!',
      'q=x&status=sleeping',
      "q=x&agentId=1' OR '1'='1",
      'q=x&from=yesterday',
      'q=x&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'q=x&limit=1000',
      'q=x&offset=-1',
      `q=${'a'.repeat(201)}`,
    ]) {
      const res = await req('GET', `/api/search?${qs}`, agent.token);
      expect(res.statusCode, qs).toBe(400);
      expect(json(res).error.code).toBe('VALIDATION_ERROR');
    }
    expect((await req('GET', '/api/search?q=refund', (await startChat(t.app, {})).token)).statusCode).toBe(403);
  });
});
