// The examples/node-sdk bot, run against a real server with an API key.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApp, json, login, startChat, send, type TestApp } from '@support-chat/server/testing';
import { listen, sleep } from '@support-chat/server/testing';
import { startBot, type Bot } from '../../../examples/node-sdk/bot.js';
import { createNodeClient } from '../src/node.js';

let t: TestApp;
let bot: Bot;

beforeAll(async () => {
  t = await createTestApp();
  const base = `http://${await listen(t.app)}`;
  const key = json(
    await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: bearer(await login(t.app)),
      payload: { name: 'bot' },
    }),
  ).key;
  bot = await startBot(createNodeClient({ baseUrl: base, token: key }), undefined, 100);
});
afterAll(async () => {
  bot?.stop();
  await t.close();
});

it('follows new conversations and answers a keyword once, leaving other messages alone', async () => {
  const v = await startChat(t.app, { customerName: 'Kim' });
  const id = v.conversation.id;
  for (let i = 0; i < 100 && !bot.following().includes(id); i++) await sleep(50);
  expect(bot.following()).toContain(id);
  await send(t.app, v.token, id, { content: 'hello, anyone there?' });
  await send(t.app, v.token, id, { content: 'What are your opening hours?' });
  let messages: { senderType: string; content: string }[] = [];
  for (let i = 0; i < 100; i++) {
    messages = json(await t.app.inject({ url: `/api/chat/${id}/messages`, headers: bearer(v.token) })).messages;
    if (messages.some((m) => m.senderType === 'agent')) break;
    await sleep(50);
  }
  await sleep(300);
  messages = json(await t.app.inject({ url: `/api/chat/${id}/messages`, headers: bearer(v.token) })).messages;
  expect(messages.map((m) => `${m.senderType}: ${m.content}`)).toEqual([
    'customer: hello, anyone there?',
    'customer: What are your opening hours?',
    'agent: We are here Monday to Friday, 9:00-17:00 UTC.',
  ]);
});
