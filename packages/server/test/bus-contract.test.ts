// The contract both buses keep: topic isolation, live after subscribe resolves, ref-counted unsubscribe,
// delivery across instances (Redis: two connections, like two nodes). Redis runs when TEST_REDIS_URL is set.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '@support-chat/protocol';
import { InProcessBus, type Bus, type BusEvent } from '../src/bus/bus.js';
import { RedisBus } from '../src/bus/redis-bus.js';

const log = pino({ level: 'silent' });
const redisUrl = process.env.TEST_REDIS_URL;

const event = (id: string): ServerEvent => ({
  type: 'typing',
  conversationId: '00000000-0000-4000-8000-000000000000',
  timestamp: new Date().toISOString(),
  data: { userId: id, userName: null, userType: 'agent', isTyping: true },
});
const userOf = (e: BusEvent) => (e.type === 'typing' ? e.data.userId : '?');
const settle = () => new Promise((r) => setTimeout(r, 100));

type Pair = { a: Bus; b: Bus; close(): Promise<void> };
const impls: [string, () => Promise<Pair>][] = [
  [
    'in-process',
    async () => {
      const bus = new InProcessBus();
      return { a: bus, b: bus, close: () => bus.close() };
    },
  ],
];
if (redisUrl) {
  impls.push([
    'redis',
    async () => {
      const prefix = `sc-contract-${randomBytes(4).toString('hex')}:`;
      const a = await RedisBus.connect(redisUrl, prefix, log);
      const b = await RedisBus.connect(redisUrl, prefix, log);
      return {
        a,
        b,
        close: async () => {
          await a.close();
          await b.close();
        },
      };
    },
  ]);
}

describe.each(impls)('%s bus', (_name, make) => {
  it('delivers a publish from one instance to subscribers on another, per topic', async () => {
    const { a, b, close } = await make();
    try {
      const got: string[] = [];
      const off = await b.subscribe('t1', (e) => got.push(`t1:${userOf(e)}`));
      await b.subscribe('t2', (e) => got.push(`t2:${userOf(e)}`));
      await a.publish('t1', event('x'));
      await a.publish('t2', event('y'));
      await a.publish('t3', event('z'));
      await settle();
      expect(got.sort()).toEqual(['t1:x', 't2:y']);
      off();
      await settle();
      await a.publish('t1', event('after'));
      await settle();
      expect(got).not.toContain('t1:after');
    } finally {
      await close();
    }
  });

  it('keeps a topic while any local handler needs it', async () => {
    const { a, b, close } = await make();
    try {
      const one: string[] = [];
      const two: string[] = [];
      const off1 = await b.subscribe('shared', (e) => one.push(userOf(e)));
      await b.subscribe('shared', (e) => two.push(userOf(e)));
      off1();
      await settle();
      await a.publish('shared', event('still'));
      await settle();
      expect(one).toEqual([]);
      expect(two).toEqual(['still']);
    } finally {
      await close();
    }
  });
});
