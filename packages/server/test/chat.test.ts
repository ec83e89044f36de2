import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';

let t: TestApp;
let adminToken: string;
let agent: Awaited<ReturnType<typeof createAgent>>;

beforeAll(async () => {
  t = await createTestApp();
  adminToken = await login(t.app);
  agent = await createAgent(t.app, adminToken, { name: 'Jane Agent' });
});
afterAll(() => t.close());

describe('POST /api/chat/start', () => {
  it('creates a queued web conversation, returns a visitor token and sets an httpOnly cookie', async () => {
    const { conversation, token, res } = await startChat(t.app, {
      customerId: 'cust-1',
      customerName: 'John Doe',
      customerEmail: 'john@example.com',
      subject: 'Order help',
    });
    expect(res.statusCode).toBe(201);
    expect(conversation).toMatchObject({
      customerId: 'cust-1',
      customerName: 'John Doe',
      customerEmail: 'john@example.com',
      subject: 'Order help',
      status: 'queued',
      channel: 'web',
      priority: 'medium',
      agentId: null,
      lastSeq: 0,
      customerVerified: false,
    });
    expect(token).toMatch(/^scv_/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('sc_visitor=');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('stores an opening message as seq 1', async () => {
    const { conversation, token } = await startChat(t.app, { message: 'Hello there' });
    expect(conversation.lastSeq).toBe(1);
    const res = await t.app.inject({ url: `/api/chat/${conversation.id}/messages`, headers: bearer(token) });
    expect(json(res).messages).toMatchObject([{ seq: 1, content: 'Hello there', senderType: 'customer' }]);
  });

  it('gives an anonymous visitor a generated customer id', async () => {
    const { conversation } = await startChat(t.app, {});
    expect(conversation.customerId).toMatch(/^anon_/);
  });

  it("returns the visitor's open conversation instead of a second one, with the same token", async () => {
    const first = await startChat(t.app, { customerName: 'Ann' });
    const again = await startChat(t.app, { subject: 'again' }, bearer(first.token));
    expect(again.res.statusCode).toBe(200);
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again.token).toBe(first.token);
  });

  it('twenty parallel starts for one visitor give one open conversation', async () => {
    const first = await startChat(t.app, {});
    await send(t.app, adminToken, first.conversation.id, { content: 'x' });
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${first.conversation.id}`,
      headers: bearer(adminToken),
      payload: { status: 'closed' },
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => startChat(t.app, {}, bearer(first.token))));
    const ids = new Set(results.map((r) => r.conversation.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.res.statusCode === 201)).toHaveLength(1);
  });
});

describe('messages', () => {
  it('a visitor and an agent exchange messages with monotonic seq and server-decided senders', async () => {
    const { conversation, token } = await startChat(t.app, { customerName: 'Zoe' });
    const m1 = await send(t.app, token, conversation.id, { content: 'Hi, I need help' });
    expect(m1.statusCode).toBe(201);
    expect(json(m1).message).toMatchObject({
      seq: 1,
      senderType: 'customer',
      senderName: 'Zoe',
      content: 'Hi, I need help',
      messageType: 'text',
    });
    const m2 = await send(t.app, agent.token, conversation.id, { content: 'Sure!' });
    expect(json(m2).message).toMatchObject({
      seq: 2,
      senderType: 'agent',
      senderId: agent.agentId,
      senderName: 'Jane Agent',
    });
    const list = json(await t.app.inject({ url: `/api/chat/${conversation.id}/messages`, headers: bearer(token) }));
    expect(list.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
    expect(list.hasMore).toBe(false);
  });

  it('refuses a visitor posing as an agent and ignores a spoofed senderId/senderName', async () => {
    const { conversation, token } = await startChat(t.app, { customerName: 'Mallory' });
    const spoof = await send(t.app, token, conversation.id, { content: 'I am staff', senderType: 'agent' });
    expect(spoof.statusCode).toBe(403);
    expect(json(spoof).error.code).toBe('SENDER_MISMATCH');
    const named = await send(t.app, token, conversation.id, {
      content: 'x',
      senderType: 'customer',
      senderId: agent.agentId,
      senderName: 'Jane Agent',
    });
    expect(json(named).message).toMatchObject({ senderType: 'customer', senderName: 'Mallory' });
    expect(json(named).message.senderId).not.toBe(agent.agentId);
  });

  it('a retry with the same clientMessageId stores nothing new', async () => {
    const { conversation, token } = await startChat(t.app, {});
    const a = await send(t.app, token, conversation.id, { content: 'once', clientMessageId: 'c-1' });
    const b = await send(t.app, token, conversation.id, { content: 'once', clientMessageId: 'c-1' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    // The retry's answer is the stored message, read back field for field (dates, JSON, nulls) as the first had it.
    expect(json(b).message).toEqual(json(a).message);
    const list = json(await t.app.inject({ url: `/api/chat/${conversation.id}/messages`, headers: bearer(token) }));
    expect(list.messages).toHaveLength(1);
  });

  it('parallel sends get distinct, gap-free seqs; parallel retries of one clientMessageId store one', async () => {
    const { conversation, token } = await startChat(t.app, {});
    const sends = await Promise.all(
      Array.from({ length: 15 }, (_, i) => send(t.app, token, conversation.id, { content: `m${i}` })),
    );
    expect(sends.every((r) => r.statusCode === 201)).toBe(true);
    const seqs = sends.map((r) => json(r).message.seq).sort((a: number, b: number) => a - b);
    expect(seqs).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const retries = await Promise.all(
      Array.from({ length: 10 }, () =>
        send(t.app, token, conversation.id, { content: 'dup', clientMessageId: 'same' }),
      ),
    );
    expect(new Set(retries.map((r) => json(r).message.id)).size).toBe(1);
    const all = json(
      await t.app.inject({ url: `/api/chat/${conversation.id}/messages?limit=200`, headers: bearer(token) }),
    );
    expect(all.messages).toHaveLength(16);
  });

  it('concurrent sends across conversations in one batch each get their own answer', async () => {
    const open = await Promise.all(Array.from({ length: 8 }, () => startChat(t.app, {})));
    const closed = await startChat(t.app, {});
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${closed.conversation.id}`,
      headers: bearer(agent.token),
      payload: { status: 'closed' },
    });
    const resolved = await startChat(t.app, {});
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${resolved.conversation.id}`,
      headers: bearer(agent.token),
      payload: { status: 'resolved' },
    });
    const results = await Promise.all([
      ...open.flatMap((c) => [
        send(t.app, c.token, c.conversation.id, { content: 'a', clientMessageId: 'x' }),
        send(t.app, agent.token, c.conversation.id, { content: 'b' }),
        send(t.app, c.token, c.conversation.id, { content: 'a', clientMessageId: 'x' }),
      ]),
      send(t.app, closed.token, closed.conversation.id, { content: 'late' }),
      send(t.app, resolved.token, resolved.conversation.id, { content: 'reopen me' }),
    ]);
    const closedRes = results[results.length - 2]!;
    const resolvedRes = results[results.length - 1]!;
    expect(closedRes.statusCode).toBe(409);
    expect(resolvedRes.statusCode).toBe(201);
    for (const c of open) {
      const msgs = json(
        await t.app.inject({ url: `/api/chat/${c.conversation.id}/messages`, headers: bearer(c.token) }),
      ).messages;
      expect(msgs.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
      expect(msgs.map((m: { content: string }) => m.content).sort()).toEqual(['a', 'b']);
    }
    const reopened = json(
      await t.app.inject({ url: `/api/chat/${resolved.conversation.id}`, headers: bearer(resolved.token) }),
    ).conversation;
    expect(reopened.status).toBe('queued');
  });

  it('sends that arrive while batches are committing keep each conversation in the order they were sent', async () => {
    const chats = await Promise.all(Array.from({ length: 6 }, () => startChat(t.app, {})));
    const { messages: writer } = t.app.supportChat.deps;
    const sends: Promise<unknown>[] = [];
    // Waves one event-loop turn apart: on PostgreSQL several batches are in flight at once.
    for (let wave = 0; wave < 30; wave++) {
      for (const [k, c] of chats.entries()) {
        if ((wave + k) % 3 === 0) continue; // not every conversation in every wave
        sends.push(
          writer.append({
            conversationId: c.conversation.id,
            now: new Date(),
            author: { type: 'customer' },
            input: { content: `w${wave}`, messageType: 'text', attachments: [], clientMessageId: `order-${wave}` },
          }),
        );
      }
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(sends);
    for (const [k, c] of chats.entries()) {
      const msgs = json(
        await t.app.inject({ url: `/api/chat/${c.conversation.id}/messages?limit=100`, headers: bearer(c.token) }),
      ).messages as { seq: number; content: string }[];
      const expected = Array.from({ length: 30 }, (_, w) => w)
        .filter((w) => (w + k) % 3 !== 0)
        .map((w) => `w${w}`);
      expect(msgs.map((m) => m.content)).toEqual(expected);
      expect(msgs.map((m) => m.seq)).toEqual(expected.map((_, i) => i + 1));
    }
  });

  it('pages by seq with limit, beforeSeq and afterSeq', async () => {
    const { conversation, token } = await startChat(t.app, {});
    for (let i = 1; i <= 7; i++) await send(t.app, token, conversation.id, { content: `m${i}` });
    const url = (q: string) => `/api/chat/${conversation.id}/messages?${q}`;
    const latest = json(await t.app.inject({ url: url('limit=3'), headers: bearer(token) }));
    expect(latest.messages.map((m: { seq: number }) => m.seq)).toEqual([5, 6, 7]);
    expect(latest.hasMore).toBe(true);
    const before = json(await t.app.inject({ url: url('limit=3&beforeSeq=5'), headers: bearer(token) }));
    expect(before.messages.map((m: { seq: number }) => m.seq)).toEqual([2, 3, 4]);
    expect(before.hasMore).toBe(true);
    const after = json(await t.app.inject({ url: url('limit=10&afterSeq=5'), headers: bearer(token) }));
    expect(after.messages.map((m: { seq: number }) => m.seq)).toEqual([6, 7]);
    expect(after.hasMore).toBe(false);
    const both = await t.app.inject({ url: url('beforeSeq=5&afterSeq=1'), headers: bearer(token) });
    expect(both.statusCode).toBe(400);
  });

  it('stores HTML and script as plain text, byte for byte, with unicode intact', async () => {
    const { conversation, token } = await startChat(t.app, { customerName: '<img src=x onerror=alert(1)>' });
    const payloads = [
      '<script>alert(1)</script>',
      '<img src=x onerror="window.__xss=1">',
      '[x](javascript:alert(1))',
      'مرحبا \u202Egnp.exe',
      '👩‍💻 ñ 漢字 \u{1F600}',
      "'; DROP TABLE messages; --",
    ];
    for (const content of payloads) {
      const r = await send(t.app, token, conversation.id, { content });
      expect(r.statusCode).toBe(201);
      expect(json(r).message.content).toBe(content);
    }
    const got = json(await t.app.inject({ url: `/api/chat/${conversation.id}`, headers: bearer(token) }));
    expect(got.conversation.customerName).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('conversation status', () => {
  it('queued -> active (assign) -> resolved -> reopened by the customer -> closed -> 409 on new messages', async () => {
    const { conversation, token } = await startChat(t.app, {});
    const put = (payload: object, tok = agent.token) =>
      t.app.inject({ method: 'PUT', url: `/api/chat/${conversation.id}`, headers: bearer(tok), payload });

    const assigned = json(await put({ agentId: agent.agentId }));
    expect(assigned.conversation).toMatchObject({ status: 'active', agentId: agent.agentId });
    expect(assigned.conversation.assignedAt).not.toBeNull();

    const resolved = json(await put({ status: 'resolved' }));
    expect(resolved.conversation.status).toBe('resolved');
    expect(resolved.conversation.resolvedAt).not.toBeNull();

    await send(t.app, token, conversation.id, { content: 'actually, one more thing' });
    const reopened = json(await t.app.inject({ url: `/api/chat/${conversation.id}`, headers: bearer(token) }));
    expect(reopened.conversation).toMatchObject({ status: 'active', resolvedAt: null, agentId: agent.agentId });

    const closed = json(await put({ status: 'closed' }));
    expect(closed.conversation.status).toBe('closed');
    expect(closed.conversation.closedAt).not.toBeNull();
    expect(closed.conversation.resolvedAt).not.toBeNull();

    const late = await send(t.app, token, conversation.id, { content: 'hello?' });
    expect(late.statusCode).toBe(409);
    expect(json(late).error.code).toBe('CONVERSATION_CLOSED');
    const reopen = await put({ status: 'active' });
    expect(reopen.statusCode).toBe(409);
  });

  it('writing to a resolved chat while another is open answers 409, not 500', async () => {
    const first = await startChat(t.app, {});
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${first.conversation.id}`,
      headers: bearer(first.token),
      payload: { status: 'resolved' },
    });
    const second = await startChat(t.app, {}, bearer(first.token));
    expect(second.conversation.id).not.toBe(first.conversation.id);
    const res = await send(t.app, first.token, first.conversation.id, { content: 'back to the old one' });
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('CONFLICT');
  });

  it('a resolved chat without an agent reopens into the queue', async () => {
    const { conversation, token } = await startChat(t.app, {});
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${conversation.id}`,
      headers: bearer(agent.token),
      payload: { status: 'resolved' },
    });
    await send(t.app, token, conversation.id, { content: 'back' });
    const got = json(await t.app.inject({ url: `/api/chat/${conversation.id}`, headers: bearer(token) }));
    expect(got.conversation.status).toBe('queued');
  });

  it('active needs an agent; unassigning returns the chat to the queue; unknown agent is 400', async () => {
    const { conversation } = await startChat(t.app, {});
    const put = (payload: object, token = agent.token) =>
      t.app.inject({ method: 'PUT', url: `/api/chat/${conversation.id}`, headers: bearer(token), payload });
    const noAgent = await put({ status: 'active' });
    expect(noAgent.statusCode).toBe(409);
    expect(json(noAgent).error.code).toBe('INVALID_STATUS_TRANSITION');
    // Only an admin assigns a chat to someone else (an agent takes it for themselves).
    const unknown = await put({ agentId: '00000000-0000-4000-8000-000000000000' }, adminToken);
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown).error.details[0].path).toBe('agentId');
    await put({ agentId: agent.agentId });
    const back = json(await put({ agentId: null }));
    expect(back.conversation).toMatchObject({ status: 'queued', agentId: null });
  });

  it('updates subject, tags and priority; a visitor may only resolve their own chat', async () => {
    const { conversation, token } = await startChat(t.app, {});
    const upd = json(
      await t.app.inject({
        method: 'PUT',
        url: `/api/chat/${conversation.id}`,
        headers: bearer(agent.token),
        payload: { subject: 'Billing', tags: ['vip', 'vip', 'billing'], priority: 'high' },
      }),
    );
    expect(upd.conversation).toMatchObject({ subject: 'Billing', tags: ['vip', 'billing'], priority: 'high' });
    const visitorAssign = await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${conversation.id}`,
      headers: bearer(token),
      payload: { agentId: agent.agentId },
    });
    expect(visitorAssign.statusCode).toBe(403);
    const visitorResolve = await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${conversation.id}`,
      headers: bearer(token),
      payload: { status: 'resolved' },
    });
    expect(json(visitorResolve).conversation.status).toBe('resolved');
  });

  it("keeps the agent's active_chats and total_chats true through assign, resolve and reassign", async () => {
    const fresh = await createAgent(t.app, adminToken);
    const stats = async () =>
      json(await t.app.inject({ url: `/api/agents/${fresh.agentId}`, headers: bearer(adminToken) })).agent;
    const a = await startChat(t.app, {});
    const b = await startChat(t.app, {});
    for (const c of [a, b]) {
      await t.app.inject({
        method: 'PUT',
        url: `/api/chat/${c.conversation.id}`,
        headers: bearer(adminToken),
        payload: { agentId: fresh.agentId },
      });
    }
    expect(await stats()).toMatchObject({ activeChats: 2, totalChats: 2 });
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${a.conversation.id}`,
      headers: bearer(adminToken),
      payload: { status: 'resolved' },
    });
    expect(await stats()).toMatchObject({ activeChats: 1, totalChats: 2 });
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${b.conversation.id}`,
      headers: bearer(adminToken),
      payload: { agentId: agent.agentId },
    });
    expect(await stats()).toMatchObject({ activeChats: 0, totalChats: 2 });
  });
});

describe('visitor isolation (IDOR)', () => {
  it('visitor B gets 404 for everything of visitor A, including with a spoofed customerId', async () => {
    const a = await startChat(t.app, { customerId: 'alice' });
    const b = await startChat(t.app, { customerId: 'bob' });
    const id = a.conversation.id;
    const calls = [
      t.app.inject({ url: `/api/chat/${id}`, headers: bearer(b.token) }),
      t.app.inject({ url: `/api/chat/${id}/messages`, headers: bearer(b.token) }),
      send(t.app, b.token, id, { content: 'hi' }),
      t.app.inject({
        method: 'PUT',
        url: `/api/chat/${id}`,
        headers: bearer(b.token),
        payload: { status: 'resolved' },
      }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.statusCode).toBe(404);
      expect(json(res).error.code).toBe('CONVERSATION_NOT_FOUND');
    }
    // An unverified visitor claiming alice's id does not see alice's conversation either.
    const claim = await startChat(t.app, { customerId: 'alice' });
    expect((await t.app.inject({ url: `/api/chat/${id}`, headers: bearer(claim.token) })).statusCode).toBe(404);
    const list = json(await t.app.inject({ url: '/api/chat', headers: bearer(claim.token) }));
    expect(list.conversations.map((c: { id: string }) => c.id)).toEqual([claim.conversation.id]);
  });

  it('visitors cannot reach agent routes; anonymous callers get 401', async () => {
    const v = await startChat(t.app, {});
    expect((await t.app.inject({ url: '/api/chat/queue', headers: bearer(v.token) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/chat/analytics', headers: bearer(v.token) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/chat/queue' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/chat/${v.conversation.id}` })).statusCode).toBe(401);
    const bad = await t.app.inject({ url: `/api/chat/${v.conversation.id}`, headers: bearer('scv_not-a-real-token') });
    expect(bad.statusCode).toBe(401);
    expect(json(bad).error.code).toBe('UNAUTHORIZED');
  });
});

describe('queue and analytics', () => {
  it('orders the queue by priority, then waiting time, with positions', async () => {
    const low = await startChat(t.app, { priority: 'low' });
    const urgent = await startChat(t.app, { priority: 'urgent' });
    const q = json(await t.app.inject({ url: '/api/chat/queue', headers: bearer(agent.token) })).queue;
    const ids = q.map((e: { conversation: { id: string } }) => e.conversation.id);
    expect(ids.indexOf(urgent.conversation.id)).toBeLessThan(ids.indexOf(low.conversation.id));
    expect(q.map((e: { position: number }) => e.position)).toEqual(q.map((_: unknown, i: number) => i + 1));
    expect(q.every((e: { conversation: { status: string } }) => e.conversation.status === 'queued')).toBe(true);
    expect(q[0].waitingSeconds).toBeGreaterThanOrEqual(0);
  });

  it('counts by status and channel and averages first response and resolution times', async () => {
    // Exact figures on a history worked out by hand: analytics.test.ts. Here: the shape over this file's chats.
    const a = json(await t.app.inject({ url: '/api/chat/analytics', headers: bearer(adminToken) })).analytics;
    expect(a.total).toBe(Object.values(a.byStatus as Record<string, number>).reduce((x, y) => x + y, 0));
    expect(a.byChannel.web).toBeGreaterThan(0);
    expect(a.averageFirstResponseSeconds).toBeGreaterThanOrEqual(0);
    expect(a.averageResolutionSeconds).toBeGreaterThanOrEqual(0);
    const future = json(
      await t.app.inject({
        url: `/api/chat/analytics?from=${encodeURIComponent('2999-01-01T00:00:00Z')}&to=${encodeURIComponent('2999-02-01T00:00:00Z')}`,
        headers: bearer(adminToken),
      }),
    ).analytics;
    expect(future.total).toBe(0);
    expect(future.averageFirstResponseSeconds).toBeNull();
  });
});

describe('CSAT ratings', () => {
  it('the customer rates a resolved conversation 1-5, may change it, and analytics averages it', async () => {
    const { conversation, token } = await startChat(t.app, {});
    const rate = (payload: object, tok = token) =>
      t.app.inject({ method: 'PUT', url: `/api/chat/${conversation.id}/rating`, headers: bearer(tok), payload });
    const early = await rate({ rating: 5 });
    expect(early.statusCode).toBe(409);
    expect(json(early).error.code).toBe('NOT_RESOLVED_YET');
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${conversation.id}`,
      headers: bearer(agent.token),
      payload: { status: 'resolved' },
    });
    expect((await rate({ rating: 6 })).statusCode).toBe(400);
    expect((await rate({ rating: 2.5 })).statusCode).toBe(400);
    expect((await rate({ rating: 4 }, agent.token)).statusCode).toBe(403);
    const other = await startChat(t.app, {});
    expect((await rate({ rating: 1 }, other.token)).statusCode).toBe(404);
    expect(json(await rate({ rating: 2, comment: '<b>slow</b>' })).rating).toMatchObject({
      rating: 2,
      comment: '<b>slow</b>',
    });
    expect(json(await rate({ rating: 5 })).rating).toMatchObject({ rating: 5, comment: null });
    const seen = json(await t.app.inject({ url: `/api/chat/${conversation.id}/rating`, headers: bearer(agent.token) }));
    expect(seen.rating.rating).toBe(5);
    const a = json(await t.app.inject({ url: '/api/chat/analytics', headers: bearer(adminToken) })).analytics;
    expect(a.ratings).toBeGreaterThanOrEqual(1);
    expect(a.averageRating).toBeGreaterThan(0);
  });
});

describe('events', () => {
  it('publishes message, status_change and agent_assigned on the conversation topic', async () => {
    const { conversation, token } = await startChat(t.app, {});
    const seen: { type: string; conversationId?: string }[] = [];
    const off = await t.app.supportChat.deps.bus.subscribe(`conversation:${conversation.id}`, (e) =>
      seen.push(e as { type: string; conversationId?: string }),
    );
    await send(t.app, token, conversation.id, { content: 'hello' });
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${conversation.id}`,
      headers: bearer(agent.token),
      payload: { agentId: agent.agentId },
    });
    off();
    // queue_update comes from the router between them; the order of the rest is fixed.
    expect(seen.map((e) => e.type).filter((t) => t !== 'queue_update')).toEqual([
      'message',
      'agent_assigned',
      'status_change',
    ]);
    expect(seen.every((e) => e.conversationId === conversation.id)).toBe(true);
  });
});

void ADMIN;
