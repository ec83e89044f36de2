// Two server nodes on one PostgreSQL and one Redis (CI): a visitor on node A and an agent on node B chat;
// then node A stops mid-conversation and the visitor resumes on node B with nothing lost or doubled.
// Without PostgreSQL and Redis the same tests run single-node on PGlite with the in-process bus.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import {
  bearer,
  createAgent,
  createTestApp,
  createTestDatabase,
  driver,
  json,
  login,
  send,
  startChat,
  type TestApp,
  type TestDatabase,
} from './helpers.js';
import { connect, listen, sleep, type TestSocket } from './ws-helpers.js';

const redisUrl = process.env.TEST_REDIS_URL;
const multiNode = driver === 'postgres' && Boolean(redisUrl);

let db: TestDatabase;
let dbB: TestDatabase | undefined;
let nodeA: TestApp;
let nodeB: TestApp;
let hostA: string;
let hostB: string;
let agent: Awaited<ReturnType<typeof createAgent>>;
const sockets: TestSocket[] = [];
let nodeAClosed = false;

beforeAll(async () => {
  db = await createTestDatabase();
  const env: Record<string, string> = multiNode
    ? { REDIS_URL: redisUrl!, REDIS_PREFIX: `sc-test-${randomBytes(4).toString('hex')}:` }
    : {};
  nodeA = await createTestApp(env, {}, db);
  if (multiNode) {
    // Node B has its own connection pool to the same database, like a second machine.
    const handle = await openDatabase({ databaseUrl: db.url!, maxConnections: 10 });
    dbB = { handle, url: db.url, drop: () => handle.close() };
    nodeB = await createTestApp(env, {}, dbB);
  } else {
    nodeB = nodeA;
  }
  hostA = await listen(nodeA.app);
  hostB = await listen(nodeB.app);
  agent = await createAgent(nodeB.app, await login(nodeB.app), { name: 'Bea on B' });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  if (nodeB !== nodeA) await nodeB.app.close();
  if (!nodeAClosed) await nodeA.app.close();
  await dbB?.drop();
  await db.drop();
});

async function ws(host: string, opts: Parameters<typeof connect>[1]) {
  const s = await connect(host, opts);
  sockets.push(s);
  return s;
}

describe(multiNode ? 'two nodes on PostgreSQL and Redis' : 'one node on the in-process bus', () => {
  it('a visitor on node A and an agent on node B exchange messages, typing and read receipts', async () => {
    const visitor = await startChat(nodeA.app, { customerName: 'Ann on A' });
    const id = visitor.conversation.id;
    const v = await ws(hostA, { token: visitor.token, conversationId: id });
    const a = await ws(hostB, { token: agent.token });
    a.send({ type: 'subscribe', id: 'sub', conversationId: id });
    await a.next((f) => f.type === 'ack' && f.data.ref === 'sub');

    v.send({ type: 'message', id: 'v1', data: { content: 'hello from A', clientMessageId: 'v1' } });
    expect((await a.next((f) => f.type === 'message' && f.data.content === 'hello from A')).data.seq).toBe(1);
    a.send({ type: 'message', id: 'a1', conversationId: id, data: { content: 'hello from B', clientMessageId: 'a1' } });
    const reply = await v.next((f) => f.type === 'message' && f.data.content === 'hello from B');
    expect(reply.data).toMatchObject({ seq: 2, senderType: 'agent', senderName: 'Bea on B' });

    a.send({ type: 'typing', conversationId: id });
    expect((await v.next((f) => f.type === 'typing' && f.data.isTyping)).data.userType).toBe('agent');
    v.send({ type: 'typing' });
    expect((await a.next((f) => f.type === 'typing' && f.data.isTyping)).data.userType).toBe('customer');

    v.send({ type: 'read', messageId: reply.data.id });
    const receipt = await a.next((f) => f.type === 'read');
    expect(receipt.data).toMatchObject({ messageId: reply.data.id, readerType: 'customer' });

    // A status change made on node A reaches the agent on node B.
    await nodeA.app.inject({
      method: 'PUT',
      url: `/api/chat/${id}`,
      headers: bearer(agent.token),
      payload: { agentId: agent.agentId },
    });
    expect((await a.next((f) => f.type === 'agent_assigned')).data.agentName).toBe('Bea on B');
    expect((await v.next((f) => f.type === 'status_change')).data.status).toBe('active');
  });

  it('a console on node B hears of a chat started and accepted on node A, and of a private note, without subscribing', async () => {
    const other = await createAgent(nodeA.app, await login(nodeA.app), { name: 'Abe on A' });
    const consoleB = await ws(hostB, { token: agent.token });
    const visitor = await startChat(nodeA.app, { customerName: 'Cy on A' });
    const id = visitor.conversation.id;
    const v = await ws(hostA, { token: visitor.token, conversationId: id });
    await consoleB.next((f) => f.type === 'queue_update' && f.conversationId === id, 10_000);
    const accepted = await nodeA.app.inject({
      method: 'POST',
      url: `/api/chat/${id}/accept`,
      headers: bearer(other.token),
    });
    expect(accepted.statusCode).toBe(200);
    const assigned = await consoleB.next((f) => f.type === 'agent_assigned' && f.conversationId === id, 10_000);
    expect(assigned.data.agentId).toBe(other.agentId);
    // A note written on node A reaches agents on node B and never the visitor on node A.
    consoleB.send({ type: 'subscribe', id: 'sub-note', conversationId: id });
    await consoleB.next((f) => f.type === 'ack' && f.data.ref === 'sub-note');
    await send(nodeA.app, other.token, id, { content: 'note from A', isPrivate: true });
    await send(nodeA.app, other.token, id, { content: 'reply from A' });
    await consoleB.next((f) => f.type === 'message' && f.data.content === 'reply from A', 10_000);
    expect(consoleB.frames.some((f) => f.type === 'message' && f.data.content === 'note from A')).toBe(true);
    await v.next((f) => f.type === 'message' && f.data.content === 'reply from A', 10_000);
    expect(
      v.frames.filter((f) => f.type === 'message' && f.data.senderType !== 'system').map((f) => f.data.content),
    ).toEqual(['reply from A']);
  });

  it.skipIf(!multiNode)(
    'a message published while the Redis subscriber reconnects arrives without waiting for the next one',
    async () => {
      const { Redis } = await import('ioredis');
      const visitor = await startChat(nodeA.app, { customerName: 'Rae Reconnect' });
      const id = visitor.conversation.id;
      const v = await ws(hostA, { token: visitor.token, conversationId: id });
      const admin = new Redis(redisUrl!);
      try {
        const prefix = nodeA.app.supportChat.deps.config.redisPrefix;
        const list = String(await admin.client('LIST'));
        const subs = list
          .split('\n')
          .filter((l) => l.includes(` name=${prefix}sub `))
          .map((l) => /id=(\d+)/.exec(l)![1]!);
        expect(subs.length).toBe(2);
        for (const clientId of subs) await admin.client('KILL', 'ID', clientId);
        // Published while the subscribers are gone: pub/sub drops it for them.
        expect((await send(nodeB.app, agent.token, id, { content: 'sent during the outage' })).statusCode).toBe(201);
        const got = await v.next((f) => f.type === 'message' && f.data.content === 'sent during the outage', 10_000);
        expect(got.data.seq).toBe(1);
      } finally {
        admin.disconnect();
      }
    },
  );

  it('a token node B knows (and caches) stops working there once it is revoked on node A: logout, a role change, an API key', async () => {
    const admin = await login(nodeA.app);
    const me = (app: TestApp['app'], token: string) => app.inject({ url: '/api/auth/me', headers: bearer(token) });
    const refusedOnB = async (token: string) => {
      // The revocation travels over the bus; sockets close on the same event.
      await expect.poll(async () => (await me(nodeB.app, token)).statusCode, { timeout: 2000, interval: 20 }).toBe(401);
    };

    const a = await createAgent(nodeA.app, admin, { name: 'Cached Carla' });
    expect((await me(nodeB.app, a.token)).statusCode).toBe(200);
    expect((await me(nodeB.app, a.token)).statusCode).toBe(200);
    expect(
      (await nodeA.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(a.token) })).statusCode,
    ).toBe(200);
    await refusedOnB(a.token);

    const b = await createAgent(nodeA.app, admin, { name: 'Promoted Pia' });
    expect(json(await me(nodeB.app, b.token)).user.role).toBe('agent');
    const put = await nodeA.app.inject({
      method: 'PUT',
      url: `/api/agents/${b.agentId}`,
      headers: bearer(admin),
      payload: { role: 'admin' },
    });
    expect(put.statusCode, put.body).toBe(200);
    await refusedOnB(b.token);

    const created = await nodeA.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: bearer(admin),
      payload: { name: 'cached key', scope: 'agent' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { key, apiKey } = json(created);
    expect((await me(nodeB.app, key)).statusCode).toBe(200);
    const revoked = await nodeA.app.inject({
      method: 'DELETE',
      url: `/api/api-keys/${apiKey.id}`,
      headers: bearer(admin),
    });
    expect(revoked.statusCode).toBeLessThan(300);
    await refusedOnB(key);
  });

  it('an SLA change saved on node A is in force on node B at once, without a restart', async () => {
    const bearerB = bearer(await login(nodeB.app));
    const read = async () =>
      json(await nodeB.app.inject({ method: 'GET', url: '/api/settings/sla', headers: bearerB })).sla.hours.urgent;
    // Node B has read (and keeps) the policy before the change.
    expect(await read()).toBe(1);
    const saved = await nodeA.app.inject({
      method: 'PUT',
      url: '/api/settings/sla',
      headers: bearer(await login(nodeA.app)),
      payload: { hours: { urgent: 3, high: 4, medium: 24, low: 72 } },
    });
    expect(saved.statusCode).toBe(200);
    await expect.poll(read, { timeout: 5000 }).toBe(3);
    const ticket = json(
      await nodeB.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: bearerB,
        payload: { subject: 'Down', description: 'all of it', priority: 'urgent', customerEmail: 'u@example.com' },
      }),
    ).ticket;
    expect((Date.parse(ticket.slaDueAt) - Date.parse(ticket.createdAt)) / 3_600_000).toBe(3);
  });

  it('node A stops mid-conversation; the visitor resumes on node B and gets every message once, in order', async () => {
    const visitor = await startChat(nodeA.app, {});
    const id = visitor.conversation.id;
    const first = await ws(hostA, { token: visitor.token, conversationId: id });
    const total = 40;
    let sent = 0;
    const sender = (async () => {
      for (; sent < total; sent++) {
        const res = await send(nodeB.app, agent.token, id, {
          content: `n${sent + 1}`,
          clientMessageId: `k${sent + 1}`,
        });
        expect(res.statusCode).toBe(201);
        await sleep(5);
      }
    })();
    await first.next((f) => f.type === 'message' && f.data.seq >= 10, 10_000);
    // The node goes away while the agent keeps writing on node B.
    if (multiNode) {
      nodeAClosed = true;
      await nodeA.app.close();
    } else nodeA.app.gateway.dropAll();
    await first.closed();
    const seen = first.of('message').map((f) => f.data.seq as number);
    const lastSeq = Math.max(...seen);
    await sleep(50);
    const second = await ws(hostB, { token: visitor.token, conversationId: id, afterSeq: lastSeq });
    await sender;
    await second.next((f) => f.type === 'message' && f.data.seq === total, 10_000);
    await sleep(100);
    const resumed = second.of('message').map((f) => f.data.seq as number);
    expect([...seen, ...resumed]).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const contents = [...first.of('message'), ...second.of('message')].map((f) => f.data.content);
    expect(contents).toEqual(Array.from({ length: total }, (_, i) => `n${i + 1}`));
    const stored = json(
      await nodeB.app.inject({ url: `/api/chat/${id}/messages?limit=200`, headers: bearer(agent.token) }),
    ).messages;
    expect(stored).toHaveLength(total);
  }, 30_000);
});
