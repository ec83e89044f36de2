// Merging: another conversation (or ticket) of the same customer joins this thread in time order, renumbered after
// every seq handed out before, so sockets and resume cursors still get everything, in order; the other is closed and
// points here, and its visitor follows. Refused: another customer's, itself, one merged already, a chat the agent
// may not move, visitors, junk.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createAgent, json, send, startChat } from './helpers.js';
import { liveApp, type LiveApp } from './ws-helpers.js';

let live: LiveApp;
beforeAll(async () => {
  live = await liveApp();
});
afterAll(() => live.close());

const api = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object) =>
  live.t.app.inject({ method, url, headers: bearer(token), payload });
const merge = (token: string, id: string, payload: unknown) =>
  api('POST', `/api/chat/${id}/merge`, token, payload as object);
const assign = (id: string, agentId: string) => api('PUT', `/api/chat/${id}`, live.admin, { agentId });
const contents = async (token: string, id: string) =>
  json(await api('GET', `/api/chat/${id}/messages?limit=100`, token)).messages.map(
    (m: { seq: number; content: string }) => [m.seq, m.content],
  );

it('merges the other thread in time order after every seq handed out, closes it, and both visitors follow', async () => {
  const ana = await createAgent(live.t.app, live.admin, { name: 'Ana Merge' });
  const customerId = 'cust-merge-1';
  const kept = await startChat(live.t.app, { customerId, customerName: 'Mo Merge', message: 'Kept 1' });
  const other = await startChat(live.t.app, { customerId, customerName: 'Mo Merge', message: 'Other 1' });
  const keptId = kept.conversation.id as string;
  const otherId = other.conversation.id as string;
  expect(otherId).not.toBe(keptId);
  await assign(keptId, ana.agentId);
  await assign(otherId, ana.agentId);
  await send(live.t.app, kept.token, keptId, { content: 'Kept 2' });
  await send(live.t.app, other.token, otherId, { content: 'Other 2' });
  await send(live.t.app, ana.token, otherId, { content: 'Note on other', isPrivate: true });
  await send(live.t.app, kept.token, keptId, { content: 'Kept 3' });
  const before = json(await api('GET', `/api/chat/${keptId}`, live.admin)).conversation;
  // Kept 1, 2 and 3 (an admin's assignment writes no line).
  expect(before.lastSeq).toBe(3);

  const keptVisitor = await live.connect({ token: kept.token, conversationId: keptId });
  const otherVisitor = await live.connect({ token: other.token, conversationId: otherId });
  const staff = await live.connect({ token: ana.token });

  const res = await merge(ana.token, keptId, { sourceId: otherId });
  expect(res.statusCode).toBe(200);
  const body = json(res);
  // Other 1, Other 2, the note.
  expect(body.moved).toBe(3);
  expect(body.conversation.id).toBe(keptId);
  // Six messages renumbered from 4, then the line: 10.
  expect(body.conversation.lastSeq).toBe(10);

  expect(await contents(live.admin, keptId)).toEqual([
    [4, 'Kept 1'],
    [5, 'Other 1'],
    [6, 'Kept 2'],
    [7, 'Other 2'],
    [8, 'Note on other'],
    [9, 'Kept 3'],
    [10, 'Ana Merge merged another conversation into this one'],
  ]);
  const line = json(await api('GET', `/api/chat/${keptId}/messages?limit=100`, live.admin)).messages.at(-1);
  expect(line.senderType).toBe('system');
  expect(line.metadata).toEqual({ system: 'merged', name: 'Ana Merge', from: otherId, moved: 3 });

  const closed = json(await api('GET', `/api/chat/${otherId}`, live.admin)).conversation;
  expect(closed.status).toBe('closed');
  expect(closed.mergedIntoId).toBe(keptId);
  expect(await contents(live.admin, otherId)).toEqual([]);

  // The kept conversation's visitor: the news, then the whole thread again in the new order (the socket fills the
  // gap the line leaves), never the note.
  const merged = await keptVisitor.next((f) => f.type === 'conversation_merged');
  expect(merged.data).toMatchObject({ sourceId: otherId, intoId: keptId, moved: 3 });
  expect(merged.data.conversation.tags).toBeUndefined();
  await keptVisitor.next((f) => f.type === 'message' && f.data.seq === 10);
  const after = keptVisitor.frames.slice(keptVisitor.frames.indexOf(merged));
  expect(after.filter((f) => f.type === 'message').map((f) => [f.data.seq, f.data.content])).toEqual([
    [4, 'Kept 1'],
    [5, 'Other 1'],
    [6, 'Kept 2'],
    [7, 'Other 2'],
    [9, 'Kept 3'],
    [10, 'Ana Merge merged another conversation into this one'],
  ]);

  // The other visitor learns where their conversation went, and may follow it (their messages are there).
  const gone = await otherVisitor.next((f) => f.type === 'conversation_merged');
  expect(gone.conversationId).toBe(otherId);
  expect(gone.data.intoId).toBe(keptId);
  expect((await otherVisitor.next((f) => f.type === 'status_change')).data.status).toBe('closed');
  const followed = await contents(other.token, keptId);
  expect(followed.map(([, c]: [number, string]) => c)).not.toContain('Note on other');
  expect(followed).toHaveLength(6);
  expect((await send(live.t.app, other.token, keptId, { content: 'Other 3' })).statusCode).toBe(201);
  const refused = await send(live.t.app, other.token, otherId, { content: 'To the closed one' });
  expect(refused.statusCode).toBe(409);
  expect(json(refused).error.code).toBe('CONVERSATION_CLOSED');

  // A cursor from before the merge resumes into the whole merged thread.
  const resumed = await live.connect({ token: kept.token, conversationId: keptId, afterSeq: 3 });
  await resumed.next((f) => f.type === 'message' && f.data.content === 'Other 3');
  expect(resumed.of('message').map((f) => f.data.seq)).toEqual([4, 5, 6, 7, 9, 10, 11]);

  // The consoles' lists hear of it; the agent holds one chat fewer; the audit log says who merged what.
  expect((await staff.next((f) => f.type === 'conversation_merged')).data.sourceId).toBe(otherId);
  const me = json(await api('GET', `/api/agents/${ana.agentId}`, live.admin)).agent;
  expect(me.activeChats).toBe(1);
  const audit = json(await api('GET', '/api/audit-log?targetType=conversation&limit=5', live.admin)).entries;
  expect(audit[0]).toMatchObject({
    action: 'conversation.merge',
    actorName: 'Ana Merge',
    targetId: keptId,
    before: { sourceId: otherId, sourceStatus: 'active' },
    after: { moved: 3, lastSeq: 10 },
  });
});

it('refuses another customer, itself, a merged one, a chat the agent may not move, visitors and junk', async () => {
  const ana = await createAgent(live.t.app, live.admin, { name: 'Ana Refuse' });
  const bo = await createAgent(live.t.app, live.admin, { name: 'Bo Refuse' });
  const a = await startChat(live.t.app, { customerId: 'cust-r', message: 'A' });
  const b = await startChat(live.t.app, { customerId: 'cust-r', message: 'B' });
  const c = await startChat(live.t.app, { customerId: 'cust-r', message: 'C' });
  const stranger = await startChat(live.t.app, { customerId: 'cust-other', message: 'S' });
  const [aId, bId, cId] = [a.conversation.id, b.conversation.id, c.conversation.id] as string[];
  await assign(aId, ana.agentId);
  await assign(bId, bo.agentId);

  const code = async (res: Awaited<ReturnType<typeof merge>>) => [res.statusCode, json(res).error?.code];
  expect(await code(await merge(live.admin, aId, { sourceId: stranger.conversation.id }))).toEqual([
    409,
    'DIFFERENT_CUSTOMER',
  ]);
  expect(await code(await merge(live.admin, aId, { sourceId: aId }))).toEqual([400, 'VALIDATION_ERROR']);
  // Bo holds b: Ana may not end it by merging it away.
  expect(await code(await merge(ana.token, aId, { sourceId: bId }))).toEqual([403, 'NOT_ASSIGNED_TO_YOU']);
  expect(await code(await merge(a.token, aId, { sourceId: cId }))).toEqual([403, 'FORBIDDEN']);
  expect(await code(await merge(live.admin, aId, { sourceId: 'not-a-uuid' }))).toEqual([400, 'VALIDATION_ERROR']);
  expect(await code(await merge(live.admin, aId, { sourceId: cId, extra: 1 }))).toEqual([400, 'VALIDATION_ERROR']);
  expect(await code(await merge(live.admin, aId, { sourceId: '00000000-0000-4000-8000-000000000000' }))).toEqual([
    404,
    'CONVERSATION_NOT_FOUND',
  ]);
  // An unassigned chat is anyone's to merge; after that it cannot be merged (or merged into) again.
  expect((await merge(ana.token, aId, { sourceId: cId })).statusCode).toBe(200);
  expect(await code(await merge(live.admin, bId, { sourceId: cId }))).toEqual([409, 'ALREADY_MERGED']);
  expect(await code(await merge(live.admin, cId, { sourceId: bId }))).toEqual([409, 'ALREADY_MERGED']);
  // Merging a into b: what was merged into a (c) now points at b, one hop for whoever follows it.
  expect((await merge(live.admin, bId, { sourceId: aId })).statusCode).toBe(200);
  expect(json(await api('GET', `/api/chat/${cId}`, live.admin)).conversation.mergedIntoId).toBe(bId);
  expect((await contents(c.token, bId)).map(([, m]: [number, string]) => m)).toContain('C');
  // A closed conversation takes nothing more, merges included.
  expect(await code(await merge(live.admin, aId, { sourceId: bId }))).toEqual([409, 'ALREADY_MERGED']);
});

it('merges tickets: the other closes pointing here, its thread and tags join this one', async () => {
  const create = async (subject: string, tags: string[]) =>
    json(
      await api('POST', '/api/tickets', live.admin, {
        subject,
        description: `${subject} details`,
        customerId: 'cust-ticket',
        customerName: 'Tia Ticket',
        customerEmail: 'tia@example.com',
        tags,
      }),
    ).ticket;
  const keep = await create('Printer jams', ['printer']);
  const dup = await create('Printer still jams', ['printer', 'urgent']);
  expect(dup.conversationId).not.toBe(keep.conversationId);

  const res = await api('POST', `/api/tickets/${keep.id}/merge`, live.admin, { sourceId: dup.id });
  expect(res.statusCode).toBe(200);
  const { ticket, moved } = json(res);
  expect(ticket.tags).toEqual(['printer', 'urgent']);
  expect(moved).toBeGreaterThan(0);
  const closed = json(await api('GET', `/api/tickets/${dup.id}`, live.admin)).ticket;
  expect(closed).toMatchObject({ status: 'closed', mergedIntoId: keep.id, conversationId: keep.conversationId });
  const thread = (await contents(live.admin, keep.conversationId)).map(([, c]: [number, string]) => c);
  expect(thread.at(-1)).toBe('Admin merged another conversation into this one');
  const changed = await api('PUT', `/api/tickets/${dup.id}`, live.admin, { status: 'open' });
  expect([changed.statusCode, json(changed).error.code]).toEqual([409, 'ALREADY_MERGED']);

  // Two tickets of one thread: only the ticket closes.
  const chat = await startChat(live.t.app, { customerId: 'cust-ticket-2', message: 'Two problems' });
  const fromChat = async (subject: string) =>
    json(
      await api('POST', '/api/tickets', live.admin, {
        subject,
        description: subject,
        conversationId: chat.conversation.id,
      }),
    ).ticket;
  const t1 = await fromChat('First');
  const t2 = await fromChat('Second');
  const same = await api('POST', `/api/tickets/${t1.id}/merge`, live.admin, { sourceId: t2.id });
  expect(same.statusCode).toBe(200);
  expect(json(same).moved).toBe(0);
  expect(json(await api('GET', `/api/chat/${chat.conversation.id}`, live.admin)).conversation.status).not.toBe(
    'closed',
  );
  const other = await api('POST', `/api/tickets/${t1.id}/merge`, live.admin, { sourceId: keep.id });
  expect([other.statusCode, json(other).error.code]).toEqual([409, 'DIFFERENT_CUSTOMER']);
});
