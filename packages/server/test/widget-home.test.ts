// What the widget's home screen reads from availability: who is online (first names and avatars, nobody while away)
// and how fast the team typically answers — the median first reply over recent chats, only once there are enough.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';

let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };
let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  admin = await login(t.app);
});
afterAll(() => t.close());

const availability = async () => {
  const { siteKey } = t.app.supportChat.bootstrap;
  return json(await t.app.inject({ url: `/api/sites/${siteKey}/availability` })).availability;
};
const setStatus = (agent: { agentId: string; token: string }, status: string) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/agents/${agent.agentId}/status`,
    headers: bearer(agent.token),
    payload: { status },
  });

it('names the agents online by first name with their avatars, and nobody once they are away', async () => {
  const before = await availability();
  expect(before).toMatchObject({ team: [], typicalReplySeconds: null });
  const lena = await createAgent(t.app, admin, {
    name: 'Lena  Maria Label',
    avatarUrl: 'https://cdn.example.com/lena.png',
  });
  const omar = await createAgent(t.app, admin, { name: 'Omar' });
  expect((await setStatus(lena, 'online')).statusCode).toBe(200);
  expect((await setStatus(omar, 'online')).statusCode).toBe(200);
  const online = await availability();
  expect([...online.team].sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name))).toEqual([
    { name: 'Lena', avatarUrl: 'https://cdn.example.com/lena.png' },
    { name: 'Omar', avatarUrl: null },
  ]);
  // No surname, email or id reaches the page.
  expect(JSON.stringify(online.team)).not.toMatch(/Label|Maria|@|[0-9a-f]{8}-/);
  await setStatus(lena, 'away');
  await setStatus(omar, 'offline');
  expect((await availability()).team).toEqual([]);
});

it('typically replies in: the median first reply of the last answered chats, once there are five', async () => {
  const agent = await createAgent(t.app, admin);
  // Five chats started together; the agent answers them after 60, 120, 180, 240 and 3,600 seconds.
  const chats = [];
  for (let i = 0; i < 5; i++)
    chats.push((await startChat(t.app, { customerName: `Home ${i}`, message: 'Hi' })).conversation.id);
  const waits = [60, 120, 180, 240, 3600];
  for (const [i, wait] of waits.entries()) {
    offset = wait * 1000;
    if (i === 4) {
      // Four answered: no honest figure yet.
      t.app.router.kick();
      await setStatus(agent, 'away');
      expect((await availability()).typicalReplySeconds).toBeNull();
    }
    expect((await send(t.app, agent.token, chats[i]!, { content: 'Hello!' })).statusCode).toBe(201);
  }
  // A second reply, a private note and an unanswered chat change nothing.
  await send(t.app, agent.token, chats[0]!, { content: 'Again' });
  const unanswered = (await startChat(t.app, { customerName: 'Unanswered', message: 'Hi' })).conversation.id;
  offset = 9000 * 1000;
  await send(t.app, agent.token, unanswered, { content: 'look at this later', isPrivate: true });
  await setStatus(agent, 'online');
  const a = await availability();
  // The median of 60, 120, 180, 240, 3600 (± the second the test took to start them).
  expect(a.typicalReplySeconds).toBeGreaterThanOrEqual(179);
  expect(a.typicalReplySeconds).toBeLessThanOrEqual(182);
  offset = 0;
});
