// Long-poll carries what a socket carries (issue 11 §4): every conversation event, in order, resumable from the same
// cursor; a named stream loses nothing between two polls; a visitor never sees private notes but moves past them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';

let t: TestApp;
let admin: string;
let agent: Awaited<ReturnType<typeof createAgent>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app);
  agent = await createAgent(t.app, admin, { name: 'Polly Agent' });
});
afterAll(() => t.close());

const poll = (token: string, id: string, query: string) =>
  t.app.inject({ url: `/api/chat/${id}/events?${query}`, headers: bearer(token) });
const shape = (events: any[]) =>
  events.map((e) =>
    e.type === 'message'
      ? `message:${e.data.seq}:${e.data.content}`
      : e.type === 'typing'
        ? `typing:${e.data.userType}:${e.data.isTyping}`
        : e.type === 'status_change'
          ? `status_change:${e.data.status}`
          : e.type === 'agent_assigned'
            ? `agent_assigned:${e.data.agentName}`
            : e.type === 'read'
              ? `read:${e.data.readerType}:${e.data.seq}`
              : e.type,
  );

describe('GET /api/chat/:id/events', () => {
  it('replays stored messages after the cursor first, then waits for the next event', async () => {
    const chat = await startChat(t.app, { customerName: 'Lena', message: 'first' });
    await send(t.app, chat.token, chat.conversation.id, { content: 'second' });
    // The routing pass the new chat started tells the visitor where they wait (queue_update): once it is done, the
    // poll below has only the replay to give.
    await t.app.router.idle();
    const stored = json(await poll(chat.token, chat.conversation.id, 'afterSeq=1&wait=5'));
    expect(shape(stored.events)).toEqual(['message:2:second']);
    expect(stored.lastSeq).toBe(2);

    // Any later routing pass finishes first too, so the poll below catches the assignment's burst and nothing older.
    await t.app.router.idle();
    const waiting = poll(chat.token, chat.conversation.id, 'afterSeq=2&wait=5');
    await new Promise((r) => setTimeout(r, 100));
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${chat.conversation.id}`,
      headers: bearer(admin),
      payload: { agentId: agent.agentId },
    });
    const assigned = json(await waiting);
    // One burst, in the order the server published it.
    expect(shape(assigned.events)).toEqual(['agent_assigned:Polly Agent', 'status_change:active']);
    // A visitor's copy carries the visitor view of the conversation (no staff-only tags).
    expect(assigned.events[0].data.conversation.tags).toBeUndefined();
    expect(assigned.lastSeq).toBe(2);
  });

  it('a named stream keeps what happened between two polls: typing, a message, a read receipt, a status change', async () => {
    const chat = await startChat(t.app, { customerName: 'Gap', message: 'hello' });
    const id = chat.conversation.id;
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${id}`,
      headers: bearer(admin),
      payload: { agentId: agent.agentId },
    });
    const stream = 'tab-1-abcdef';
    const first = json(await poll(chat.token, id, `afterSeq=1&wait=0&stream=${stream}`));
    expect(shape(first.events)).toEqual([]);
    // Nobody is polling now: all of this lands in the gap before the next poll.
    await t.app.inject({
      method: 'POST',
      url: `/api/chat/${id}/typing`,
      headers: bearer(agent.token),
      payload: { isTyping: true },
    });
    const reply = json(await send(t.app, agent.token, id, { content: 'How can I help?' })).message;
    const note = json(await send(t.app, agent.token, id, { content: 'VIP customer', isPrivate: true })).message;
    await t.app.inject({
      method: 'POST',
      url: `/api/chat/${id}/read`,
      headers: bearer(agent.token),
      payload: { messageId: reply.id },
    });
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${id}`,
      headers: bearer(agent.token),
      payload: { status: 'resolved' },
    });
    const next = json(await poll(chat.token, id, `afterSeq=${first.lastSeq}&wait=5&stream=${stream}`));
    expect(shape(next.events)).toEqual([
      'typing:agent:true',
      `message:${reply.seq}:How can I help?`,
      'read:agent:1',
      'status_change:resolved',
    ]);
    // The private note is not shown, but the cursor moved past it.
    expect(next.lastSeq).toBe(note.seq);
    // The agent's own typing is not news to the agent.
    const agentSide = json(await poll(agent.token, id, `afterSeq=${note.seq}&wait=0`));
    expect(agentSide.events).toEqual([]);
  });

  it("refuses a bad cursor, stream or unknown parameter, and another visitor's conversation", async () => {
    const chat = await startChat(t.app, {});
    const other = await startChat(t.app, {});
    for (const q of [
      '',
      'afterSeq=-1',
      'afterSeq=x',
      'afterSeq=0&stream=a',
      'afterSeq=0&stream=%3Cscript%3E12345',
      'afterSeq=0&since=1',
      'afterSeq=0&wait=31',
    ]) {
      const res = await poll(chat.token, chat.conversation.id, q);
      expect(res.statusCode, q).toBe(400);
      expect(json(res).error.code).toBe('VALIDATION_ERROR');
    }
    expect((await poll(other.token, chat.conversation.id, 'afterSeq=0&wait=0')).statusCode).toBe(404);
  });
});
