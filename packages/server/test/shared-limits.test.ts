// The abuse-limit counters shared through Redis (CI's real Redis): two "nodes" count into one total, a node that dies
// takes its counts with it once its lease lapses, and login failures per account add up across nodes. Without Redis
// the same contract is checked on the one-node counters.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { localLimits, RedisLimits, type Limits } from '../src/lib/shared-limits.js';
import { driver } from './helpers.js';
import { sleep } from './ws-helpers.js';

const redisUrl = process.env.TEST_REDIS_URL;
const caps = { perIp: 5, perUser: 3 };
const open: Limits[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});

async function nodes(n: number, ttlMs = 30_000): Promise<Limits[]> {
  if (!redisUrl || driver !== 'postgres') {
    const one = localLimits();
    return Array(n).fill(one);
  }
  const prefix = `sc-test-${randomBytes(4).toString('hex')}:`;
  const made = await Promise.all(
    Array.from({ length: n }, () => RedisLimits.connect(redisUrl, prefix, (err) => console.error(err), ttlMs)),
  );
  open.push(...made);
  return made;
}

describe(redisUrl && driver === 'postgres' ? 'limits shared in Redis' : 'limits on one node', () => {
  it('sockets per user: of parallel takes on two nodes, exactly the cap gets in; a slot given back is free again', async () => {
    const [a, b] = await nodes(2);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a! : b!).connections.take(`10.0.0.${i}`, 'visitor:v1', caps)),
    );
    expect(results.filter((r) => r === undefined)).toHaveLength(3);
    expect(results.filter((r) => r === 'user')).toHaveLength(7);
    const winner = results.indexOf(undefined);
    (winner % 2 ? a! : b!).connections.give(`10.0.0.${winner}`, 'visitor:v1');
    await sleep(50);
    expect(await a!.connections.take('10.0.0.99', 'visitor:v1', caps)).toBeUndefined();
    expect(await b!.connections.take('10.0.0.98', 'visitor:v1', caps)).toBe('user');
  });

  it('sockets per IP count every user from that address on every node', async () => {
    const [a, b] = await nodes(2);
    for (let i = 0; i < 5; i++)
      expect(await (i % 2 ? a! : b!).connections.take('192.0.2.7', `user:${i}`, caps)).toBeUndefined();
    expect(await a!.connections.take('192.0.2.7', 'user:x', caps)).toBe('ip');
    expect(await b!.connections.take('192.0.2.8', 'user:x', caps)).toBeUndefined();
  });

  it('login failures per account add up across nodes, and a success resets them', async () => {
    const [a, b] = await nodes(2);
    const fa = a!.failures('login', 3, 60_000);
    const fb = b!.failures('login', 3, 60_000);
    await fa.fail('ann@example.com');
    await fb.fail('ann@example.com');
    expect(await fa.retryAfter('ann@example.com')).toBe(0);
    await fa.fail('ann@example.com');
    const wait = await fb.retryAfter('ann@example.com');
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await fb.retryAfter('bob@example.com')).toBe(0);
    await fb.reset('ann@example.com');
    expect(await fa.retryAfter('ann@example.com')).toBe(0);
  });
});

describe.runIf(redisUrl && driver === 'postgres')('a node that dies', () => {
  it("stops counting once its lease lapses: its sockets no longer hold the others' slots", async () => {
    const [a, b] = await nodes(2, 600);
    for (let i = 0; i < 3; i++) expect(await a!.connections.take('10.1.0.1', 'visitor:v2', caps)).toBeUndefined();
    expect(await b!.connections.take('10.1.0.2', 'visitor:v2', caps)).toBe('user');
    (a as RedisLimits).abandon();
    open.splice(open.indexOf(a!), 1);
    await sleep(900);
    expect(await b!.connections.take('10.1.0.2', 'visitor:v2', caps)).toBeUndefined();
  });
});
