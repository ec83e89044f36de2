// The WebSocket gateway on a real port: handshake auth and Origin, the seed's events, acks and dedupe,
// typing, read receipts, resume, hostile frames, limits, and sessions that end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';
import { connect, listen, refused, sleep, type TestSocket } from './ws-helpers.js';

let t: TestApp;
let host: string;
let adminToken: string;
let agent: Awaited<ReturnType<typeof createAgent>>;
const open: TestSocket[] = [];

beforeAll(async () => {
  t = await createTestApp({
    ALLOWED_ORIGINS: 'https://shop.example',
    TYPING_TIMEOUT_SECONDS: '1',
    WS_FRAMES_PER_SECOND: '50',
    WS_FRAME_BURST: '60',
  });
  host = await listen(t.app);
  adminToken = await login(t.app);
  agent = await createAgent(t.app, adminToken, { name: 'Ada Agent' });
});
afterAll(async () => {
  for (const s of open) s.close();
  await t.close();
});

async function ws(opts: Parameters<typeof connect>[1]) {
  const s = await connect(host, opts);
  open.push(s);
  return s;
}

async function chatPair() {
  const visitor = await startChat(t.app, { customerName: 'Vera Visitor' });
  const v = await ws({ token: visitor.token, conversationId: visitor.conversation.id });
  const a = await ws({ token: agent.token });
  a.send({ type: 'subscribe', id: 's1', conversationId: visitor.conversation.id });
  await a.next((f) => f.type === 'ack' && f.data.ref === 's1');
  return { visitor, v, a, id: visitor.conversation.id as string };
}

describe('handshake', () => {
  it("no token, a bad token, or someone else's conversation: no upgrade", async () => {
    const mine = await startChat(t.app, {});
    const other = await startChat(t.app, {});
    expect(await refused(connect(host, {}))).toBe(401);
    expect(await refused(connect(host, { token: 'scv_nope' }))).toBe(401);
    expect(await refused(connect(host, { token: mine.token, conversationId: other.conversation.id }))).toBe(404);
    expect(await refused(connect(host, { token: mine.token, conversationId: 'not-a-uuid' }))).toBe(400);
  });

  it('checks Origin exactly: foreign, look-alike and null origins are refused', async () => {
    const v = await startChat(t.app, {});
    for (const origin of ['https://evil.example', 'https://shop.example.evil.com', 'null', 'http://shop.example']) {
      expect(await refused(connect(host, { token: v.token, origin })), origin).toBe(403);
      expect(await refused(connect(host, { token: agent.token, origin })), origin).toBe(403);
    }
    await ws({ token: v.token, origin: 'https://shop.example' });
    await ws({ token: v.token, origin: `http://${host}` });
    await ws({ token: agent.token, origin: `http://${host}` });
    // The console's origin is the server's own: a site's origin does not open agent sockets.
    expect(await refused(connect(host, { token: agent.token, origin: 'https://shop.example' }))).toBe(403);
  });

  it('a cookie alone needs a matching Origin', async () => {
    const v = await startChat(t.app, {});
    const cookie = String(v.res.headers['set-cookie']).split(';')[0]!;
    expect(await refused(connect(host, { headers: { cookie } }))).toBe(403);
    expect(await refused(connect(host, { headers: { cookie }, origin: 'https://evil.example' }))).toBe(403);
    await ws({ headers: { cookie }, origin: `http://${host}` });
  });

  it('says hello with the caller type and subscriptions', async () => {
    const v = await startChat(t.app, {});
    const s = await ws({ token: v.token, conversationId: v.conversation.id });
    const hello = s.of('hello')[0]!;
    expect(hello.data).toMatchObject({ callerType: 'visitor', subscriptions: [v.conversation.id] });
    expect(hello.data.heartbeatMs).toBeGreaterThan(0);
  });
});

describe('messages', () => {
  it('a scoped visitor socket sends without conversationId; the sender gets an ack with the stored message; the agent gets it', async () => {
    const { v, a, id } = await chatPair();
    v.send({ type: 'message', id: 'm1', data: { content: 'Hello over the socket', clientMessageId: 'cm-1' } });
    const ack = await v.next((f) => f.type === 'ack' && f.data.ref === 'm1');
    expect(ack.data.message).toMatchObject({
      seq: 1,
      content: 'Hello over the socket',
      senderType: 'customer',
      senderName: 'Vera Visitor',
    });
    const got = await a.next((f) => f.type === 'message' && f.conversationId === id);
    expect(got.data).toMatchObject({ id: ack.data.message.id, seq: 1, content: 'Hello over the socket' });
    expect(got.timestamp).toEqual(expect.any(String));
  });

  it('REST sends reach sockets; a retried clientMessageId stores and delivers one message', async () => {
    const { v, a, id } = await chatPair();
    await send(t.app, agent.token, id, { content: 'from REST' });
    expect((await v.next((f) => f.type === 'message')).data.content).toBe('from REST');
    v.send({ type: 'message', id: 'x1', data: { content: 'once', clientMessageId: 'same' } });
    v.send({ type: 'message', id: 'x2', data: { content: 'once', clientMessageId: 'same' } });
    const [a1, a2] = await Promise.all([
      v.next((f) => f.type === 'ack' && f.data.ref === 'x1'),
      v.next((f) => f.type === 'ack' && f.data.ref === 'x2'),
    ]);
    expect(a2.data.message.id).toBe(a1.data.message.id);
    await a.next((f) => f.type === 'message' && f.data.content === 'once');
    await sleep(200);
    expect(a.of('message').filter((f) => f.data.content === 'once')).toHaveLength(1);
    const stored = json(await t.app.inject({ url: `/api/chat/${id}/messages`, headers: bearer(agent.token) })).messages;
    expect(stored.map((m: { content: string }) => m.content)).toEqual(['from REST', 'once']);
  });

  it('every recipient sees one order, gap-free, under concurrent senders', async () => {
    const { v, a, id, visitor } = await chatPair();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(t.app, i % 2 ? agent.token : visitor.token, id, { content: `c${i}` })),
    );
    await a.next((f) => f.type === 'message' && f.data.seq === 30, 10_000);
    await v.next((f) => f.type === 'message' && f.data.seq === 30, 10_000);
    for (const s of [a, v]) {
      const seqs = s
        .of('message')
        .filter((f) => f.conversationId === id)
        .map((f) => f.data.seq);
      expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
  });

  it('a closed conversation answers the frame with an error, not a dropped socket', async () => {
    const { v, id } = await chatPair();
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${id}`,
      headers: bearer(agent.token),
      payload: { status: 'closed' },
    });
    v.send({ type: 'message', id: 'late', data: { content: 'anyone?', clientMessageId: 'late-1' } });
    const err = await v.next((f) => f.type === 'error' && f.data.ref === 'late');
    expect(err.data.code).toBe('CONVERSATION_CLOSED');
    v.send({ type: 'ping' });
    await v.next((f) => f.type === 'pong');
  });
});

describe('typing and read receipts', () => {
  it('typing reaches the other side, is not echoed, and stop_typing clears it', async () => {
    const { v, a, id } = await chatPair();
    v.send({ type: 'typing' });
    const on = await a.next((f) => f.type === 'typing' && f.data.isTyping === true);
    expect(on).toMatchObject({ conversationId: id, data: { userType: 'customer', userName: 'Vera Visitor' } });
    v.send({ type: 'stop_typing' });
    await a.next((f) => f.type === 'typing' && f.data.isTyping === false);
    await sleep(100);
    expect(v.of('typing')).toHaveLength(0);
    const stored = json(await t.app.inject({ url: `/api/chat/${id}/messages`, headers: bearer(agent.token) })).messages;
    expect(stored).toHaveLength(0);
  });

  it('typing expires by itself when stop_typing never comes', async () => {
    const { v, a } = await chatPair();
    a.send({ type: 'typing', conversationId: v.of('hello')[0]!.data.subscriptions[0] });
    const started = Date.now();
    await v.next((f) => f.type === 'typing' && f.data.isTyping === true);
    const off = await v.next((f) => f.type === 'typing' && f.data.isTyping === false, 4000);
    expect(off.data.userType).toBe('agent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("a read receipt (the seed's flat shape) marks the other side's messages and tells them", async () => {
    const { v, a, id } = await chatPair();
    const m1 = json(await send(t.app, agent.token, id, { content: 'one' })).message;
    const m2 = json(await send(t.app, agent.token, id, { content: 'two' })).message;
    await send(t.app, agent.token, id, { content: 'three' });
    v.send({ type: 'read', messageId: m2.id });
    const receipt = await a.next((f) => f.type === 'read');
    expect(receipt).toMatchObject({
      conversationId: id,
      data: { messageId: m2.id, seq: m2.seq, readerType: 'customer' },
    });
    const stored = json(await t.app.inject({ url: `/api/chat/${id}/messages`, headers: bearer(agent.token) })).messages;
    expect(stored.map((m: { readAt: string | null }) => m.readAt !== null)).toEqual([true, true, false]);
    expect(stored[0].id).toBe(m1.id);
    v.send({ type: 'read', id: 'r0', messageId: '00000000-0000-4000-8000-000000000000' });
    expect((await v.next((f) => f.type === 'error' && f.data.ref === 'r0')).data.code).toBe('MESSAGE_NOT_FOUND');
    // The seed's own example id is not one of ours: an error frame that names the field, and the socket stays open.
    v.send({ type: 'read', id: 'r1', data: { messageId: 'msg-123' } });
    const bad = await v.next((f) => f.type === 'error' && f.data.ref === 'r1');
    expect(bad.data.code).toBe('INVALID_FRAME');
    expect(bad.data.message).toContain('data.messageId');
    v.send({ type: 'ping', id: 'p1' });
    await v.next((f) => f.type === 'pong');
  });
});

describe('resume', () => {
  it('replays what was missed from afterSeq, in order, then continues live without duplicates', async () => {
    const visitor = await startChat(t.app, {});
    const id = visitor.conversation.id;
    for (let i = 1; i <= 5; i++) await send(t.app, agent.token, id, { content: `m${i}` });
    const v = await ws({ token: visitor.token, conversationId: id, afterSeq: 2 });
    await v.next((f) => f.type === 'message' && f.data.seq === 5);
    await send(t.app, agent.token, id, { content: 'm6' });
    await v.next((f) => f.type === 'message' && f.data.seq === 6);
    expect(v.of('message').map((f) => f.data.seq)).toEqual([3, 4, 5, 6]);
    v.send({ type: 'resume', id: 'r', afterSeq: 4 });
    const ack = await v.next((f) => f.type === 'ack' && f.data.ref === 'r');
    expect(ack.data.lastSeq).toBe(6);
    expect(v.of('message').map((f) => f.data.seq)).toEqual([3, 4, 5, 6, 5, 6]);
  });
});

describe('hostile frames', () => {
  it('non-JSON, unknown types, wrong types, prototype keys, deep nesting: typed errors, and the socket still works', async () => {
    const v = await startChat(t.app, {});
    const s = await ws({ token: v.token, conversationId: v.conversation.id });
    const cases: [string, string][] = [
      ['not json', 'INVALID_FRAME'],
      ['[1,2,3]', 'UNKNOWN_TYPE'],
      ['{"type":"drop_tables"}', 'UNKNOWN_TYPE'],
      ['{"type":"message","data":{"content":42,"clientMessageId":"x"}}', 'INVALID_FRAME'],
      ['{"type":"message","data":{"content":"no client id"}}', 'INVALID_FRAME'],
      ['{"type":"read","data":{"messageId":"1 OR 1=1"}}', 'INVALID_FRAME'],
      ['{"type":"ping","__proto__":{"polluted":true}}', 'INVALID_FRAME'],
      ['{"type":"ping","constructor":{"prototype":{"polluted":true}}}', 'INVALID_FRAME'],
      [`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, 'UNKNOWN_TYPE'],
    ];
    for (const [raw, code] of cases) {
      const from = s.frames.length;
      s.send(raw);
      const err = await s.next((f) => f.type === 'error', 3000, from);
      expect(err.data.code, raw.slice(0, 40)).toBe(code);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    s.send({ type: 'ping' });
    await s.next((f) => f.type === 'pong');
  });

  it("a frame for another visitor's conversation is refused", async () => {
    const mine = await startChat(t.app, {});
    const other = await startChat(t.app, {});
    const s = await ws({ token: mine.token });
    for (const frame of [
      {
        type: 'message',
        id: 'f1',
        conversationId: other.conversation.id,
        data: { content: 'hi', clientMessageId: 'z' },
      },
      { type: 'subscribe', id: 'f2', conversationId: other.conversation.id },
      { type: 'typing', id: 'f3', conversationId: other.conversation.id },
    ]) {
      s.send(frame);
      const err = await s.next((f) => f.type === 'error' && f.data.ref === frame.id);
      expect(err.data.code).toBe('CONVERSATION_NOT_FOUND');
    }
    const scoped = await ws({ token: mine.token, conversationId: mine.conversation.id });
    scoped.send({
      type: 'message',
      id: 'f4',
      conversationId: other.conversation.id,
      data: { content: 'hi', clientMessageId: 'y' },
    });
    expect((await scoped.next((f) => f.type === 'error' && f.data.ref === 'f4')).data.code).toBe(
      'CONVERSATION_NOT_FOUND',
    );
    const stored = json(
      await t.app.inject({ url: `/api/chat/${other.conversation.id}/messages`, headers: bearer(agent.token) }),
    ).messages;
    expect(stored).toHaveLength(0);
  });

  it('a frame over maxPayload closes the socket with 1009', async () => {
    const v = await startChat(t.app, {});
    const s = await ws({ token: v.token, conversationId: v.conversation.id });
    s.send(JSON.stringify({ type: 'message', data: { content: 'x'.repeat(70 * 1024), clientMessageId: 'big' } }));
    expect(await s.closed()).toBe(1009);
  });

  it('rate-limits frames per socket', async () => {
    const v = await startChat(t.app, {});
    const s = await ws({ token: v.token, conversationId: v.conversation.id });
    for (let i = 0; i < 100; i++) s.send({ type: 'ping' });
    const err = await s.next((f) => f.type === 'error' && f.data.code === 'RATE_LIMITED');
    expect(err).toBeDefined();
    expect(s.of('pong').length).toBeLessThan(100);
  });
});

describe('slow readers', () => {
  it('a socket that stops reading is closed with 1013 instead of buffering without bound', async () => {
    const small = await createTestApp({ WS_MAX_BUFFERED_BYTES: '16384' }, {}, t.db);
    try {
      const h = await listen(small.app);
      const v = await startChat(small.app, {});
      const slow = await connect(h, { token: v.token, conversationId: v.conversation.id });
      const tcp = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      tcp.pause();
      const big = 'x'.repeat(10_000);
      for (let i = 0; i < 3000 && slow.closeCode === undefined; i++) {
        await small.app.supportChat.deps.bus.publish(`conversation:${v.conversation.id}`, {
          type: 'typing',
          conversationId: v.conversation.id,
          timestamp: new Date().toISOString(),
          data: { userId: `u${i}`, userName: big, userType: 'agent', isTyping: true },
        });
      }
      tcp.resume();
      expect(await slow.closed(10_000)).toBe(1013);
      expect(slow.of('typing').length).toBeLessThan(3000);
    } finally {
      await small.app.close();
    }
  }, 30_000);
});

describe('sessions that end', () => {
  it("logout closes the visitor's sockets with 4001", async () => {
    const v = await startChat(t.app, {});
    const s = await ws({ token: v.token, conversationId: v.conversation.id });
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(v.token) });
    expect(await s.closed()).toBe(4001);
    expect(await refused(connect(host, { token: v.token }))).toBe(401);
  });

  it("a password change closes the agent's sockets", async () => {
    const other = await createAgent(t.app, adminToken);
    const s = await ws({ token: other.token });
    await t.app.inject({
      method: 'PUT',
      url: `/api/agents/${other.agentId}`,
      headers: bearer(adminToken),
      payload: { password: 'brand-new-password' },
    });
    expect(await s.closed()).toBe(4001);
  });

  it('the server closes sockets that stop answering heartbeats', async () => {
    const quick = await createTestApp({ WS_HEARTBEAT_SECONDS: '1' }, {}, t.db);
    try {
      const h = await listen(quick.app);
      const v = await startChat(quick.app, {});
      const alive = await connect(h, { token: v.token, conversationId: v.conversation.id });
      const dead = await connect(h, { token: v.token, conversationId: v.conversation.id, autoPong: false });
      const code = await dead.closed(5000);
      expect(code).toBe(1006);
      expect(alive.closeCode).toBeUndefined();
      alive.close();
    } finally {
      await quick.app.close();
    }
  });
});

describe('long-poll fallback', () => {
  it('holds GET /messages?afterSeq&wait until a message arrives, or answers empty at the deadline', async () => {
    const v = await startChat(t.app, {});
    const id = v.conversation.id;
    const started = Date.now();
    const poll = t.app.inject({ url: `/api/chat/${id}/messages?afterSeq=0&wait=10`, headers: bearer(v.token) });
    await sleep(300);
    await send(t.app, agent.token, id, { content: 'wake up' });
    const res = json(await poll);
    expect(res.messages.map((m: { content: string }) => m.content)).toEqual(['wake up']);
    expect(Date.now() - started).toBeLessThan(5000);
    const empty = Date.now();
    const none = json(
      await t.app.inject({ url: `/api/chat/${id}/messages?afterSeq=1&wait=1`, headers: bearer(v.token) }),
    );
    expect(none.messages).toEqual([]);
    expect(Date.now() - empty).toBeGreaterThanOrEqual(900);
    expect((await t.app.inject({ url: `/api/chat/${id}/messages?wait=5`, headers: bearer(v.token) })).statusCode).toBe(
      400,
    );
  });

  it('REST typing and read work for clients without a socket', async () => {
    const { v, a, id, visitor } = await chatPair();
    await t.app.inject({
      method: 'POST',
      url: `/api/chat/${id}/typing`,
      headers: bearer(visitor.token),
      payload: { isTyping: true },
    });
    await a.next((f) => f.type === 'typing' && f.data.isTyping === true);
    const m = json(await send(t.app, agent.token, id, { content: 'hi' })).message;
    const r = json(
      await t.app.inject({
        method: 'POST',
        url: `/api/chat/${id}/read`,
        headers: bearer(visitor.token),
        payload: { messageId: m.id },
      }),
    );
    expect(r).toMatchObject({ messageId: m.id, marked: 1 });
    await a.next((f) => f.type === 'read');
    void v;
  });
});
