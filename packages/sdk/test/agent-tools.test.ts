// The SDK's calls for agents' tools, against a real server: who am I, colleagues, canned responses, search,
// message search in one conversation, and private notes over the realtime connection (visitor side never sees one).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAgent, createTestApp, login, startChat, type TestApp } from '@support-chat/server/testing';
import { listen } from '@support-chat/server/testing';
import { ApiError } from '../src/index.js';
import { createNodeClient } from '../src/node.js';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  base = `http://${await listen(t.app)}`;
});
afterAll(() => t.close());

it('me, colleagues, canned responses (CRUD, use, errors) and search', async () => {
  const a = await createAgent(t.app, await login(t.app), { name: 'Sam Support', password: 'sdk-agent-pass' });
  const agent = createNodeClient({ baseUrl: base });
  await agent.login(a.email, 'sdk-agent-pass');
  expect((await agent.me()).agent?.name).toBe('Sam Support');
  expect((await agent.listAgents()).map((x) => x.id)).toContain(a.agentId);
  expect(Array.isArray(await agent.listTeams())).toBe(true);

  const created = await agent.createCannedResponse({
    title: 'Hi',
    content: 'Hi {{customer.firstName|there}}!',
    shortcut: 'hi',
  });
  expect(created.agentId).toBe(a.agentId);
  const err = await agent.createCannedResponse({ title: 'Dup', content: 'x', shortcut: 'hi' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).code).toBe('SHORTCUT_TAKEN');
  const v = await startChat(t.app, { customerName: 'Rosa Parks', message: 'my parcel 99 is late' });
  expect((await agent.useCannedResponse(created.id, v.conversation.id)).content).toBe('Hi Rosa!');
  expect((await agent.updateCannedResponse(created.id, { title: 'Hello' })).title).toBe('Hello');
  expect((await agent.listCannedResponses({ scope: 'mine' })).map((c) => c.usageCount)).toEqual([1]);
  await agent.deleteCannedResponse(created.id);
  expect(await agent.listCannedResponses({ scope: 'mine' })).toEqual([]);

  await t.app.supportChat.deps.searchIndex.flush(); // indexed moments after the commit; here at once
  const found = await agent.search({ q: 'parcel 99' });
  expect(found.results.map((r) => r.conversation.id)).toEqual([v.conversation.id]);
  expect((await agent.listMessages(v.conversation.id, { q: 'late' })).messages).toHaveLength(1);
});

it('private notes go out over the realtime connection and never reach the visitor', async () => {
  const a = await createAgent(t.app, await login(t.app), { password: 'sdk-agent-pass' });
  const agent = createNodeClient({ baseUrl: base });
  await agent.login(a.email, 'sdk-agent-pass');
  const visitor = createNodeClient({ baseUrl: base });
  const { conversation } = await visitor.startConversation({ customerName: 'Vic' });
  const seen: string[] = [];
  const vc = visitor.connect({ conversationId: conversation.id });
  vc.on('message', (f) => seen.push(f.data.content));
  const ac = agent.connect({ subscribe: [conversation.id] });
  await Promise.all([vc.ready(), ac.ready()]);
  const note = await ac.send('only for agents', { conversationId: conversation.id, isPrivate: true });
  expect(note.isPrivate).toBe(true);
  await ac.send('hello Vic', { conversationId: conversation.id });
  for (let i = 0; i < 100 && !seen.includes('hello Vic'); i++) await new Promise((r) => setTimeout(r, 20));
  expect(seen).toEqual(['hello Vic']);
  vc.close();
  ac.close();
});
