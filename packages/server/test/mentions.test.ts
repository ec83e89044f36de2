// Mentions in private notes: `@name` names a colleague (whole names, any case, never part of a longer word); the note
// keeps whom it names, every console hears of it live, the customer never does, and each one named gets an email
// through the outbox when their settings ask for it.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createAgent, json, send, startChat, type TestApp } from './helpers.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { type LiveApp, liveApp, sleep } from './ws-helpers.js';

let t: TestApp;
let smtp: TestSmtp;
let admin: string;
let live: LiveApp;

beforeAll(async () => {
  smtp = await startSmtp();
  live = await liveApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'help@acme.example' });
  ({ t, admin } = live);
});
afterAll(async () => {
  await live.close();
  await smtp.close();
});

it('names colleagues in a note: kept on the note, told live to the consoles, emailed as their settings say', async () => {
  const wes = await createAgent(t.app, admin, { name: 'Wes Writer' });
  const lena = await createAgent(t.app, admin, { name: 'Lena Label' });
  const ann = await createAgent(t.app, admin, { name: 'Ann' });
  const anna = await createAgent(t.app, admin, { name: 'Anna' });
  const dee = await createAgent(t.app, admin, { name: 'Dee' });
  // Anna wants no mention emails; Dee has left.
  await t.app.inject({
    method: 'PUT',
    url: '/api/auth/me',
    headers: bearer(anna.token),
    payload: { notifications: { mentions: false } },
  });
  const off = await t.app.inject({
    method: 'POST',
    url: `/api/agents/${dee.agentId}/deactivate`,
    headers: bearer(admin),
  });
  expect(off.statusCode).toBe(200);
  const v = await startChat(t.app, { customerName: 'Mia Mention', message: 'My order is late' });
  const id = v.conversation.id as string;
  const visitor = await live.connect({ token: v.token, conversationId: id });
  const lenaConsole = await live.connect({ token: lena.token });

  const note = await send(t.app, wes.token, id, {
    content: '@lena label can you check the courier? cc @Anna, @Dee and @wes writer (not @Annabel)',
    isPrivate: true,
    metadata: { mentions: 'forged', source: 'console' },
  });
  expect(note.statusCode).toBe(201);
  const stored = json(note).message;
  // Ann is not in "@Anna"; Dee is disabled; the writer is not told about themselves; the client's list is replaced.
  expect([...stored.metadata.mentions].sort()).toEqual([lena.agentId, anna.agentId].sort());
  expect(stored.metadata.source).toBe('console');
  expect(ann.agentId).not.toBe(lena.agentId);

  const frame = await lenaConsole.next((f) => f.type === 'mention');
  expect(frame.conversationId).toBe(id);
  expect([...frame.data.agentIds].sort()).toEqual([lena.agentId, anna.agentId].sort());
  expect(frame.data).toMatchObject({ by: 'Wes Writer', message: { id: stored.id, isPrivate: true } });
  expect(frame.data.conversation.customerName).toBe('Mia Mention');

  // Lena's email (Anna said no; Dee, Ann and Wes are not mentioned).
  t.app.dispatcher.kick();
  const to = (email: string) => smtp.mails.filter((m) => m.to === email);
  for (let i = 0; i < 100 && to(lena.email).length < 1; i++) await sleep(50);
  const mail = await simpleParser(to(lena.email)[0]!.data);
  expect(mail.subject).toBe('Wes Writer mentioned you: Mia Mention');
  expect(mail.text).toContain('@lena label can you check the courier?');
  await t.app.dispatcher.idle();
  for (const other of [anna, ann, dee, wes]) expect(to(other.email)).toEqual([]);

  // A public reply with an @ mentions nobody; a note without one carries no list, whatever the client sent.
  const reply = await send(t.app, wes.token, id, { content: 'Hi! @Lena Label is on it.' });
  expect(json(reply).message.metadata.mentions).toBeUndefined();
  const plain = await send(t.app, wes.token, id, {
    content: 'no names here',
    isPrivate: true,
    metadata: { mentions: lena.agentId },
  });
  expect(json(plain).message.metadata).toEqual({});
  await sleep(100);
  expect(lenaConsole.frames.filter((f) => f.type === 'mention')).toHaveLength(1);
  // The customer saw neither the notes nor the mention.
  expect(visitor.frames.some((f) => f.type === 'mention')).toBe(false);
  expect(visitor.frames.filter((f) => f.type === 'message').map((f) => f.data.content)).not.toContain('no names here');
});
