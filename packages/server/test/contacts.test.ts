// Contacts: every conversation and ticket of a customer on a site, what the team edited about them (a new name or
// email carries to all their conversations and tickets, and the consoles hear of the open ones), notes about them;
// bad input, unknown customers and visitors are refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createAgent, json, startChat, type TestApp } from './helpers.js';
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

const q = (siteId: string, customerId: string) => `siteId=${siteId}&customerId=${encodeURIComponent(customerId)}`;
const req = (method: 'GET' | 'PUT' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

it('shows every conversation and ticket of the customer; an edit carries to all of them and reaches the consoles', async () => {
  const agent = await createAgent(t.app, admin, { name: 'Cleo Contact' });
  // The same customer (their site's id for them) twice, and someone else.
  const customerId = 'crm/42 ünïcode';
  const first = await startChat(t.app, {
    customerId,
    customerName: 'Dana D',
    customerEmail: 'dana@old.example',
    message: 'One',
  });
  const siteId = first.conversation.siteId as string;
  await req('PUT', `/api/chat/${first.conversation.id}`, admin, { status: 'resolved' });
  const second = await startChat(t.app, { customerId, customerName: 'Dana D', message: 'Two' });
  await startChat(t.app, { customerId: 'someone-else', customerName: 'Eve', message: 'Hi' });
  await req('PUT', `/api/chat/${second.conversation.id}`, admin, { agentId: agent.agentId });
  await req('POST', '/api/tickets', admin, {
    conversationId: first.conversation.id,
    subject: 'Refund',
    description: 'Charged twice',
  });

  const page = json(await req('GET', `/api/contact?${q(siteId, customerId)}`, agent.token));
  expect(page.contact).toMatchObject({
    siteId,
    customerId,
    name: 'Dana D',
    phone: null,
    attributes: {},
    updatedAt: null,
  });
  expect(page.conversations.map((c: { id: string }) => c.id)).toEqual([second.conversation.id, first.conversation.id]);
  expect(page.tickets.map((x: { subject: string }) => x.subject)).toEqual(['Refund']);
  expect(page.notes).toEqual([]);

  const feed = await live.connect({ token: agent.token });
  const saved = await req('PUT', `/api/contact?${q(siteId, customerId)}`, agent.token, {
    name: 'Dana Davis',
    email: 'dana@new.example',
    phone: '+14155550100',
    attributes: { plan: 'Pro', seats: 12 },
  });
  expect(saved.statusCode).toBe(200);
  expect(json(saved).contact).toMatchObject({
    name: 'Dana Davis',
    email: 'dana@new.example',
    phone: '+14155550100',
    attributes: { plan: 'Pro', seats: 12 },
  });
  // Every conversation and ticket of theirs has the new name; nobody else's does.
  const all = json(await req('GET', '/api/chat?limit=100', admin)).conversations as {
    customerId: string;
    customerName: string;
  }[];
  expect(all.filter((c) => c.customerId === customerId).map((c) => c.customerName)).toEqual([
    'Dana Davis',
    'Dana Davis',
  ]);
  expect(all.find((c) => c.customerId === 'someone-else')!.customerName).toBe('Eve');
  expect(json(saved).tickets[0]).toMatchObject({ customerName: 'Dana Davis', customerEmail: 'dana@new.example' });
  // The open chat's console hears of it (the resolved one is not news).
  const update = await feed.next(
    (f) => f.type === 'conversation_update' && f.conversationId === second.conversation.id,
  );
  expect(update.data.fields).toEqual(['customer']);
  expect(update.data.conversation.customerName).toBe('Dana Davis');

  const note = await req('POST', `/api/contact/notes?${q(siteId, customerId)}`, agent.token, {
    body: 'Prefers email; VIP since 2021',
  });
  expect(note.statusCode).toBe(201);
  expect(json(note).note).toMatchObject({ body: 'Prefers email; VIP since 2021', authorName: 'Cleo Contact' });
  const again = json(await req('GET', `/api/contact?${q(siteId, customerId)}`, admin));
  expect(again.notes.map((n: { body: string }) => n.body)).toEqual(['Prefers email; VIP since 2021']);
  expect(again.contact.updatedAt).not.toBeNull();
  const audit = json(await req('GET', '/api/audit-log?targetType=contact', admin)).entries;
  expect(audit[0]).toMatchObject({
    action: 'contact.update',
    before: { name: 'Dana D' },
    after: { name: 'Dana Davis' },
  });
});

it('refuses unknown customers, bad values and visitors', async () => {
  const v = await startChat(t.app, { customerId: 'known-1', customerName: 'Kim', message: 'Hi' });
  const siteId = v.conversation.siteId as string;
  const missing = await req('GET', `/api/contact?${q(siteId, 'nobody')}`, admin);
  expect(missing.statusCode).toBe(404);
  expect(json(missing).error.code).toBe('CONTACT_NOT_FOUND');
  expect((await req('POST', `/api/contact/notes?${q(siteId, 'nobody')}`, admin, { body: 'Who?' })).statusCode).toBe(
    404,
  );
  expect(
    (await req('GET', `/api/contact?${q('00000000-0000-4000-8000-000000000000', 'known-1')}`, admin)).statusCode,
  ).toBe(404);
  const bad = async (payload: object) => {
    const res = await req('PUT', `/api/contact?${q(siteId, 'known-1')}`, admin, payload);
    expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    return (json(res).error.details as { path: string }[]).map((d) => d.path);
  };
  expect(await bad({ phone: '555-0100' })).toEqual(['body.phone']);
  expect(await bad({ email: 'not-an-email' })).toEqual(['body.email']);
  expect(await bad({ name: ' ' })).toEqual(['body.name']);
  expect(await bad({ name: 'a\u0000b' })).toEqual(['body.name']);
  expect(await bad({ attributes: { nested: { a: 1 } } })).toEqual(['body.attributes.nested']);
  expect(await bad({})).toEqual(['body']);
  expect((await req('GET', `/api/contact?siteId=nope&customerId=known-1`, admin)).statusCode).toBe(400);
  expect((await req('POST', `/api/contact/notes?${q(siteId, 'known-1')}`, admin, { body: '' })).statusCode).toBe(400);
  // Markup is text: stored as written.
  const xss = '<img src=x onerror=alert(1)>';
  expect(json(await req('PUT', `/api/contact?${q(siteId, 'known-1')}`, admin, { name: xss })).contact.name).toBe(xss);
  // A visitor, even this customer, gets nothing.
  expect((await req('GET', `/api/contact?${q(siteId, 'known-1')}`, v.token)).statusCode).toBe(403);
});
