// Reactions on messages: the customer and each agent put one of a fixed set of emoji on a message (at most one of
// each), take it back, and everyone following the conversation hears the message's reactions as they now are.
// Notes and system lines take none; another visitor's conversation, a closed one, or junk are refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createAgent, json, send, startChat, type TestApp } from './helpers.js';
import { type LiveApp, liveApp } from './ws-helpers.js';

let t: TestApp;
let admin: string;
let live: LiveApp;

beforeAll(async () => {
  live = await liveApp();
  ({ t, admin } = live);
});
afterAll(async () => {
  await live.close();
});

const react = (token: string, id: string, messageId: string, payload: unknown) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/chat/${id}/messages/${messageId}/reactions`,
    headers: bearer(token),
    payload: payload as object,
  });

it('the customer and agents react and take it back; everyone following hears the reactions as they are', async () => {
  const ana = await createAgent(t.app, admin);
  const ben = await createAgent(t.app, admin);
  const v = await startChat(t.app, { customerName: 'Rae React', message: 'Hello' });
  const id = v.conversation.id as string;
  await t.app.inject({
    method: 'PUT',
    url: `/api/chat/${id}`,
    headers: bearer(admin),
    payload: { agentId: ana.agentId },
  });
  const reply = json(await send(t.app, ana.token, id, { content: 'Sorted!' })).message;
  const visitor = await live.connect({ token: v.token, conversationId: id });

  const liked = await react(v.token, id, reply.id, { emoji: '👍', on: true });
  expect(liked.statusCode).toBe(200);
  expect(json(liked).message.reactions).toEqual([{ emoji: '👍', by: ['customer'] }]);
  // Twice is once.
  expect(json(await react(v.token, id, reply.id, { emoji: '👍', on: true })).message.reactions).toEqual([
    { emoji: '👍', by: ['customer'] },
  ]);
  // Two agents at once, both counted; the set's order, whatever the order they came in.
  await Promise.all([
    react(ana.token, id, reply.id, { emoji: '🎉', on: true }),
    react(ben.token, id, reply.id, { emoji: '🎉', on: true }),
    react(ben.token, id, reply.id, { emoji: '👍', on: true }),
  ]);
  const messages = json(await t.app.inject({ url: `/api/chat/${id}/messages`, headers: bearer(v.token) })).messages;
  const stored = messages.find((m: { id: string }) => m.id === reply.id);
  expect(stored.reactions.map((r: { emoji: string }) => r.emoji)).toEqual(['👍', '🎉']);
  expect([...stored.reactions[0].by].sort()).toEqual(['customer', ben.agentId].sort());
  expect([...stored.reactions[1].by].sort()).toEqual([ana.agentId, ben.agentId].sort());
  // Messages nobody reacted to carry no list at all.
  expect(messages.find((m: { content: string }) => m.content === 'Hello').reactions).toBeUndefined();

  // Taking it back; the last one out removes the emoji.
  const back = await react(v.token, id, reply.id, { emoji: '👍', on: false });
  expect(json(back).message.reactions).toEqual([
    { emoji: '👍', by: [ben.agentId] },
    { emoji: '🎉', by: expect.any(Array) },
  ]);
  await react(ben.token, id, reply.id, { emoji: '👍', on: false });
  const frame = await visitor.next(
    (f) => f.type === 'reaction' && f.data.reactions.length === 1 && f.data.reactions[0].emoji === '🎉',
  );
  expect(frame.data).toMatchObject({ messageId: reply.id, seq: reply.seq });
});

it('notes, system lines, someone else’s conversation, a closed one and junk are refused', async () => {
  const agent = await createAgent(t.app, admin);
  const v = await startChat(t.app, { customerName: 'Noa No', message: 'Hi' });
  const other = await startChat(t.app, { customerName: 'Oli Other', message: 'Hi' });
  const id = v.conversation.id as string;
  // Accepting writes the "… joined the chat" system line.
  const accepted = await t.app.inject({ method: 'POST', url: `/api/chat/${id}/accept`, headers: bearer(agent.token) });
  expect(accepted.statusCode).toBe(200);
  const all = json(await t.app.inject({ url: `/api/chat/${id}/messages`, headers: bearer(admin) })).messages;
  const system = all.find((m: { senderType: string }) => m.senderType === 'system');
  const customer = all.find((m: { senderType: string }) => m.senderType === 'customer');
  const note = json(await send(t.app, agent.token, id, { content: 'internal', isPrivate: true })).message;

  expect((await react(agent.token, id, note.id, { emoji: '👍', on: true })).statusCode).toBe(403);
  // To the customer a note does not exist.
  expect((await react(v.token, id, note.id, { emoji: '👍', on: true })).statusCode).toBe(404);
  expect((await react(agent.token, id, system.id, { emoji: '👍', on: true })).statusCode).toBe(403);
  // Another visitor's conversation, or a message of another conversation under this one's id.
  expect((await react(other.token, id, customer.id, { emoji: '👍', on: true })).statusCode).toBe(404);
  expect((await react(v.token, other.conversation.id, customer.id, { emoji: '👍', on: true })).statusCode).toBe(404);
  for (const bad of [
    { emoji: '💩', on: true },
    { emoji: '👍' },
    { emoji: '👍', on: 'yes' },
    { emoji: '<b>', on: true },
    {},
  ]) {
    const res = await react(agent.token, id, customer.id, bad);
    expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    expect(json(res).error.code).toBe('VALIDATION_ERROR');
  }
  await t.app.inject({ method: 'PUT', url: `/api/chat/${id}`, headers: bearer(admin), payload: { status: 'closed' } });
  const closed = await react(agent.token, id, customer.id, { emoji: '👍', on: true });
  expect(closed.statusCode).toBe(409);
  expect(json(closed).error.code).toBe('CONVERSATION_CLOSED');
});
