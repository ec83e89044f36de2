// Race-free assignment, proven the hard way: 200 conversations started at once against two server nodes
// (one on PGlite without PostgreSQL) and 10 agents with a limit of 3. No agent ever holds more than 3, no
// conversation is assigned twice, the rest wait in order, and all are assigned as capacity frees.
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { agents, conversations, messages } from '../src/db/schema/index.js';
import {
  bearer,
  createAgent,
  createTestApp,
  createTestDatabase,
  driver,
  json,
  login,
  type TestApp,
  type TestDatabase,
} from './helpers.js';

const multiNode = driver === 'postgres';
let db: TestDatabase;
let dbB: TestDatabase | undefined;
let nodes: TestApp[];

beforeAll(async () => {
  db = await createTestDatabase();
  const env: Record<string, string> = { ROUTING_SWEEP_SECONDS: '1' };
  if (multiNode && process.env.TEST_REDIS_URL) {
    env.REDIS_URL = process.env.TEST_REDIS_URL;
    env.REDIS_PREFIX = `sc-route-${randomBytes(4).toString('hex')}:`;
  }
  const a = await createTestApp(env, {}, db);
  if (multiNode) {
    const handle = await openDatabase({ databaseUrl: db.url!, maxConnections: 10 });
    dbB = { handle, url: db.url, drop: () => handle.close() };
    nodes = [a, await createTestApp(env, {}, dbB)];
  } else {
    nodes = [a];
  }
});

afterAll(async () => {
  for (const n of nodes) await n.app.close();
  await dbB?.drop();
  await db.drop();
});

const node = (i: number) => nodes[i % nodes.length]!.app;
const sqlDb = () => db.handle.db;

async function activePerAgent() {
  return sqlDb()
    .select({ agentId: conversations.agentId, n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(eq(conversations.status, 'active'))
    .groupBy(conversations.agentId);
}

async function countByStatus(status: 'queued' | 'active' | 'resolved') {
  const [row] = await sqlDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(and(eq(conversations.status, status), eq(conversations.channel, 'web')));
  return row!.n;
}

async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it(`${multiNode ? 'two nodes on PostgreSQL' : 'one node on PGlite'}: 200 chats, 10 agents × 3, never over the limit, never twice`, async () => {
  const adminToken = await login(node(0));
  const team = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      createAgent(node(i), adminToken, { maxConcurrentChats: 3, name: `Agent ${i}` }),
    ),
  );
  for (const [i, a] of team.entries()) {
    expect(
      (
        await node(i).inject({
          method: 'PUT',
          url: `/api/agents/${a.agentId}/status`,
          headers: bearer(a.token),
          payload: { status: 'online' },
        })
      ).statusCode,
    ).toBe(200);
  }

  const starts = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      node(i).inject({
        method: 'POST',
        url: '/api/chat/start',
        payload: { customerName: `Customer ${i}` },
        remoteAddress: `10.0.${i >> 8}.${i & 255}`,
      }),
    ),
  );
  expect(starts.every((r) => r.statusCode === 201)).toBe(true);
  const ids = starts.map((r) => json(r).conversation.id as string);

  await until(async () => (await countByStatus('active')) === 30, '30 active chats');
  await Promise.all(nodes.map((n) => n.app.router.idle()));
  const load = await activePerAgent();
  expect(load).toHaveLength(10);
  expect(Math.max(...load.map((l) => l.n))).toBe(3);
  expect(await countByStatus('queued')).toBe(170);

  // The waiting ones are in order: position follows the time they joined the queue.
  const queue = json(await node(1).inject({ url: '/api/chat/queue', headers: bearer(adminToken) })).queue as {
    position: number;
    conversation: { queuedAt: string };
  }[];
  expect(queue).toHaveLength(170);
  const times = queue.map((e) => e.conversation.queuedAt);
  expect(times).toEqual([...times].sort());

  // Resolve in rounds from both nodes; capacity frees and the routers refill it, never past 3.
  let rounds = 0;
  while ((await countByStatus('resolved')) < 200) {
    const active = await sqlDb()
      .select({ id: conversations.id, agentId: conversations.agentId })
      .from(conversations)
      .where(eq(conversations.status, 'active'));
    expect(Math.max(0, ...(await activePerAgent()).map((l) => l.n))).toBeLessThanOrEqual(3);
    await Promise.all(
      active.map((c, i) => {
        const owner = team.find((a) => a.agentId === c.agentId)!;
        return node(i).inject({
          method: 'PUT',
          url: `/api/chat/${c.id}`,
          headers: bearer(owner.token),
          payload: { status: 'resolved' },
        });
      }),
    );
    await until(async () => {
      const queued = await countByStatus('queued');
      const activeNow = await countByStatus('active');
      return queued === 0 || activeNow === 30;
    }, 'the routers to refill freed slots');
    if (++rounds > 20) throw new Error('did not drain');
  }

  // Every conversation was assigned exactly once, and the agents' counters agree.
  const joined = await sqlDb()
    .select({ conversationId: messages.conversationId, n: sql<number>`count(*)::int` })
    .from(messages)
    .where(and(eq(messages.senderType, 'system'), sql`${messages.content} like '% joined the chat'`))
    .groupBy(messages.conversationId);
  expect(joined).toHaveLength(200);
  expect(joined.every((j) => j.n === 1)).toBe(true);
  expect(new Set(joined.map((j) => j.conversationId))).toEqual(new Set(ids));
  const totals = await sqlDb()
    .select({ total: agents.totalChats, active: agents.activeChats })
    .from(agents)
    .where(sql`${agents.id} in ${team.map((a) => a.agentId)}`);
  expect(totals.reduce((n, a) => n + a.total, 0)).toBe(200);
  expect(totals.every((a) => a.active === 0)).toBe(true);
}, 120_000);
