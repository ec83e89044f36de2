// A waiting visitor learns their place in the queue the moment their socket follows the conversation (issue 11 §4):
// queue updates are otherwise sent only when positions change, so one published before the socket was up is missed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, json, login, startChat, type TestApp } from './helpers.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app);
});
afterAll(async () => {
  await t.close();
});

describe('queue position from the first moment', () => {
  it('a visitor whose chat waits hears its position as soon as their socket follows it', async () => {
    const { connect, listen } = await import('./ws-helpers.js');
    const host = await listen(t.app);
    // Nobody is online in this file's app: the chat waits.
    const v = await startChat(t.app, { customerName: 'Quinn Queue', message: 'anyone?' });
    await t.app.router.idle();
    const socket = await connect(host, { token: v.token, conversationId: v.conversation.id });
    const update = await socket.next((f) => f.type === 'queue_update', 3000);
    expect(update.conversationId).toBe(v.conversation.id);
    const queue = json(await t.app.inject({ url: '/api/chat/queue', headers: bearer(admin) })).queue;
    const mine = queue.find((e: { conversation: { id: string } }) => e.conversation.id === v.conversation.id);
    expect(update.data).toEqual({ position: mine.position, estimatedWaitSeconds: mine.estimatedWaitSeconds });
    socket.close();
  });
});
