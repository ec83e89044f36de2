import { expect, it } from 'vitest';
import type { ServerEvent } from '@support-chat/protocol';
import { InProcessBus, type BusEvent } from '../src/bus/bus.js';

const event = (id: string): ServerEvent => ({
  type: 'ticket_update',
  conversationId: id,
  timestamp: new Date().toISOString(),
  data: { ticket: {} as never },
});
const idOf = (e: BusEvent) => ('conversationId' in e ? (e.conversationId ?? '') : '');

it("delivers to the topic's subscribers only, survives a throwing handler, and unsubscribes", async () => {
  const errors: unknown[] = [];
  const bus = new InProcessBus((e) => errors.push(e));
  const a: string[] = [];
  const b: string[] = [];
  const offA = await bus.subscribe('t1', (e) => a.push(idOf(e)));
  await bus.subscribe('t1', () => {
    throw new Error('boom');
  });
  await bus.subscribe('t2', (e) => b.push(idOf(e)));
  await bus.publish('t1', event('1'));
  await bus.publish('t2', event('2'));
  offA();
  await bus.publish('t1', event('3'));
  expect(a).toEqual(['1']);
  expect(b).toEqual(['2']);
  expect(errors).toHaveLength(2);
  await bus.close();
});
