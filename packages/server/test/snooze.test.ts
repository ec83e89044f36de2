// Snooze: an agent puts an active conversation aside until a time or until the customer writes; it comes back by
// itself (the waker, on a clock the test moves) or with the customer's message, marked until the agent replies.
// Consoles hear every change live; the customer never learns of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, send, startChat, type TestApp } from './helpers.js';
import { connect, listen, type LiveApp, liveApp, sleep } from './ws-helpers.js';

let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };
// The waker runs only when the test calls it.
const env = { SNOOZE_WAKE_SECONDS: '3600' };
let t: TestApp;
let admin: string;
let live: LiveApp;

beforeAll(async () => {
  live = await liveApp(env, { clock });
  ({ t, admin } = live);
});
afterAll(async () => {
  await live.close();
});

const req = (method: 'GET' | 'PUT' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
const snooze = (id: string, token: string, value: unknown) => req('PUT', `/api/chat/${id}`, token, { snooze: value });
const get = async (id: string, token = admin) => json(await req('GET', `/api/chat/${id}`, token)).conversation;

/** A live conversation held by a new agent, with the agent's console, an admin's console and the customer's socket. */
async function liveChat(name: string) {
  const agent = await createAgent(t.app, admin);
  const v = await startChat(t.app, { customerName: name, message: 'Hello' });
  const id = v.conversation.id as string;
  expect((await req('PUT', `/api/chat/${id}`, admin, { agentId: agent.agentId })).statusCode).toBe(200);
  const visitor = await live.connect({ token: v.token, conversationId: id });
  const agentConsole = await live.connect({ token: agent.token });
  return { id, agent, visitor, agentConsole, visitorToken: v.token };
}

describe('snooze', () => {
  it('until a time: listed as snoozed, back when the time comes (once, however many nodes look), marked until the agent replies', async () => {
    const { id, agent, visitor, agentConsole, visitorToken } = await liveChat('Nora');
    const until = new Date(clock.now().getTime() + 3600_000).toISOString();
    const before = agentConsole.frames.length;
    const res = await snooze(id, agent.token, { until });
    expect(res.statusCode).toBe(200);
    const snoozed = json(res).conversation;
    expect(snoozed).toMatchObject({ status: 'active', snoozedUntil: until, unsnoozedAt: null });
    expect(Date.parse(snoozed.snoozedAt)).toBeGreaterThan(Date.now() - 60_000);
    const update = await agentConsole.next(
      (f) => f.type === 'conversation_update' && f.conversationId === id,
      5000,
      before,
    );
    expect(update.data.fields).toEqual(['snooze']);
    expect(update.data.conversation.snoozedUntil).toBe(until);

    // The customer sees none of it.
    const own = json(await req('GET', `/api/chat/${id}`, visitorToken)).conversation;
    expect(Object.keys(own).filter((k) => k.includes('nooze'))).toEqual([]);

    const listed = async (q: string) =>
      (json(await req('GET', `/api/chat?agentId=${agent.agentId}&${q}`, admin)).conversations as { id: string }[]).map(
        (c) => c.id,
      );
    expect(await listed('snoozed=true')).toEqual([id]);
    expect(await listed('snoozed=false')).toEqual([]);

    // Not yet due: nothing comes back.
    expect(await t.app.snoozeWaker.tick()).toBe(0);
    expect((await get(id)).snoozedAt).not.toBeNull();

    // An hour later, two nodes look at once: the conversation comes back once, announced once.
    offset = 3600_000 + 1000;
    // Each node has its own in-process bus here: the node that claims the wake-up tells its own consoles, so the agent
    // has a console on each and the two together must hear it exactly once (whichever node won).
    const other = await createTestApp(env, { clock }, t.db);
    const otherConsole = await connect(await listen(other.app), { token: agent.token });
    try {
      const mark = agentConsole.frames.length;
      const woken = await Promise.all([t.app.snoozeWaker.tick(), other.app.snoozeWaker.tick()]);
      expect(woken.sort()).toEqual([0, 1]);
      const heard = () =>
        [...agentConsole.frames.slice(mark), ...otherConsole.frames].filter(
          (f) => f.type === 'conversation_update' && f.conversationId === id,
        );
      await expect.poll(() => heard().length).toBe(1);
      const back = heard()[0]!;
      expect(back.data.fields).toEqual(['snooze']);
      expect(back.data.conversation).toMatchObject({ snoozedAt: null, snoozedUntil: null });
      await sleep(100);
      expect(heard()).toHaveLength(1);
    } finally {
      otherConsole.close();
      await other.close();
    }
    const returned = await get(id);
    expect(returned).toMatchObject({ status: 'active', snoozedAt: null, snoozedUntil: null });
    expect(Math.abs(Date.parse(returned.unsnoozedAt) - clock.now().getTime())).toBeLessThan(5000);
    expect(await listed('snoozed=false')).toEqual([id]);

    // A private note keeps the marker; the agent's reply clears it (and says so to the consoles).
    expect((await send(t.app, agent.token, id, { content: 'note to self', isPrivate: true })).statusCode).toBe(201);
    expect((await get(id)).unsnoozedAt).not.toBeNull();
    const mark = agentConsole.frames.length;
    expect((await send(t.app, agent.token, id, { content: 'Back to you' })).statusCode).toBe(201);
    expect((await get(id)).unsnoozedAt).toBeNull();
    const cleared = await agentConsole.next(
      (f) => f.type === 'conversation_update' && f.conversationId === id,
      5000,
      mark,
    );
    expect(cleared.data.conversation.unsnoozedAt).toBeNull();
    expect(visitor.frames.some((f) => f.type === 'conversation_update')).toBe(false);
    offset = 0;
  });

  it('until the customer replies: the clock never brings it back; the customer’s message does, with every message kept in order', async () => {
    const { id, agent, agentConsole, visitorToken } = await liveChat('Omar');
    const res = await snooze(id, agent.token, { untilReply: true });
    expect(json(res).conversation).toMatchObject({ snoozedUntil: null, unsnoozedAt: null });
    await agentConsole.next((f) => f.type === 'conversation_update' && f.data.conversation.snoozedAt !== null);
    expect(json(res).conversation.snoozedAt).not.toBeNull();
    offset = 400 * 24 * 3600_000;
    expect(await t.app.snoozeWaker.tick()).toBe(0);
    offset = 0;

    // Several messages at once: the first ends the snooze, the others follow it in the same conversation.
    const mark = agentConsole.frames.length;
    const sent = await Promise.all(
      ['one', 'two', 'three'].map((content) => send(t.app, visitorToken, id, { content, clientMessageId: content })),
    );
    expect(sent.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const seqs = sent.map((r) => json(r).message.seq as number).sort((a, b) => a - b);
    expect(seqs[2]! - seqs[0]!).toBe(2);
    const back = await get(id);
    expect(back).toMatchObject({ status: 'active', snoozedAt: null, snoozedUntil: null });
    expect(back.unsnoozedAt).not.toBeNull();
    const update = await agentConsole.next(
      (f) => f.type === 'conversation_update' && f.conversationId === id,
      5000,
      mark,
    );
    expect(update.data.fields).toEqual(['snooze']);
    await sleep(100);
    expect(agentConsole.frames.slice(mark).filter((f) => f.type === 'conversation_update')).toHaveLength(1);
    // A retried send (same clientMessageId) stores nothing new.
    const retry = await send(t.app, visitorToken, id, { content: 'one', clientMessageId: 'one' });
    expect(retry.statusCode).toBe(200);
    expect(json(retry).message.seq).toBe(json(sent[0]!).message.seq);
  });

  it('ends with the chat: resolving, unassigning or a transfer takes the snooze and its marker off; null wakes it now', async () => {
    const { id, agent } = await liveChat('Pia');
    const other = await createAgent(t.app, admin);
    const until = new Date(Date.now() + 600_000).toISOString();

    await snooze(id, agent.token, { until });
    const now = json(await snooze(id, agent.token, null)).conversation;
    // Woken by hand: no "back" marker, the agent knows.
    expect(now).toMatchObject({ snoozedAt: null, snoozedUntil: null, unsnoozedAt: null });

    await snooze(id, agent.token, { until });
    const moved = json(await req('PUT', `/api/chat/${id}`, admin, { agentId: other.agentId })).conversation;
    expect(moved).toMatchObject({ agentId: other.agentId, snoozedAt: null, snoozedUntil: null });

    await snooze(id, other.token, { untilReply: true });
    const resolved = json(await req('PUT', `/api/chat/${id}`, other.token, { status: 'resolved' })).conversation;
    expect(resolved).toMatchObject({ status: 'resolved', snoozedAt: null, snoozedUntil: null });
  });

  it('refuses what cannot be snoozed and bad values, with the field named', async () => {
    const { id, agent, visitorToken } = await liveChat('Quin');
    const queued = (await startChat(t.app, { customerName: 'Rae' })).conversation.id as string;
    const inQueue = await snooze(queued, admin, { untilReply: true });
    expect(inQueue.statusCode).toBe(409);
    expect(json(inQueue).error).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: [{ path: 'snooze', message: 'the conversation is queued' }],
    });
    // Snoozing while handing it back to the queue in the same call.
    const both = await req('PUT', `/api/chat/${id}`, admin, { agentId: null, snooze: { untilReply: true } });
    expect(both.statusCode).toBe(409);

    const past = await snooze(id, agent.token, { until: new Date(Date.now() - 1000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(json(past).error.details).toEqual([
      { path: 'snooze.until', message: 'must be after now and within a year' },
    ]);
    const far = await snooze(id, agent.token, { until: new Date(Date.now() + 367 * 24 * 3600_000).toISOString() });
    expect(far.statusCode).toBe(400);
    for (const bad of [
      {},
      { until: 'tomorrow' },
      { untilReply: false },
      { until: 5 },
      'soon',
      true,
      { untilReply: true, until: new Date().toISOString() },
    ]) {
      const res = await snooze(id, agent.token, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(json(res).error.code).toBe('VALIDATION_ERROR');
    }
    // Customers may only resolve their own chat.
    expect((await snooze(id, visitorToken, { untilReply: true })).statusCode).toBe(403);
    expect((await get(id)).snoozedAt).toBeNull();
  });
});
