// The SLA watcher on a fake clock: a warning warnMinutes before each target and a breach when it passes, each once,
// as events to the consoles and emails through the outbox; nothing while the clock is stopped or once a target is
// met; a moved due time warns again; and two nodes passing at once act on every ticket exactly once.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, startChat, type TestApp } from './helpers.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { connect, listen, type TestSocket } from './ws-helpers.js';

let t: TestApp;
let smtp: TestSmtp;
let admin: string;
let host: string;
// Monday 4 May 2026, 10:00 UTC (no business hours: the clock runs around the clock).
const T0 = Date.parse('2026-05-04T10:00:00.000Z');
let now = new Date(T0);
const clock = { now: () => new Date(now) };
const at = (minutes: number) => {
  now = new Date(T0 + minutes * 60_000);
};
const sockets: TestSocket[] = [];
const env = {
  SMTP_HOST: '127.0.0.1',
  SMTP_FROM: 'help@acme.example',
  NOTIFY_SWEEP_SECONDS: '3600',
  SLA_WATCH_SECONDS: '3600',
};

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ ...env, SMTP_PORT: String(smtp.port) }, { clock });
  admin = await login(t.app);
  host = await listen(t.app);
  await t.app.inject({
    method: 'PUT',
    url: '/api/settings/sla',
    headers: bearer(admin),
    payload: {
      hours: { urgent: 1, high: 8, medium: 24, low: 72 },
      firstResponseMinutes: { urgent: 30, high: 60, medium: 240, low: 1440 },
      warnMinutes: 15,
      followBusinessHours: false,
      pauseWhileWaiting: true,
    },
  });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
  await smtp.close();
});

const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = admin) =>
  json(await t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) }));

async function ticket(subject: string, assignedAgentId?: string, priority = 'high') {
  const { conversation } = await startChat(t.app, { customerName: 'Tess Ticket', message: subject });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/tickets',
    headers: bearer(admin),
    payload: { conversationId: conversation.id, subject, description: 'x', priority, assignedAgentId },
  });
  expect(res.statusCode).toBe(201);
  return json(res).ticket;
}

const alerts = (s: TestSocket, ticketId: string) =>
  s.frames
    .filter((f) => f.type === 'sla_alert' && f.data.ticket.id === ticketId)
    .map((f) => `${f.data.kind} ${f.data.target} ${f.data.minutesRemaining}`);

describe('the SLA watcher', () => {
  it('warns before each target and marks each breach once, live to consoles and by email to the assignee', async () => {
    at(0);
    const agent = await createAgent(t.app, admin, { name: 'Wendy Watch' });
    const console = await connect(host, { token: admin });
    sockets.push(console);
    const tk = await ticket('Invoice missing', agent.agentId);
    expect(tk).toMatchObject({
      firstResponseDueAt: '2026-05-04T11:00:00.000Z',
      slaDueAt: '2026-05-04T18:00:00.000Z',
      slaBreachedAt: null,
      slaBreachedTarget: null,
    });
    const watch = () => t.app.slaWatcher.tick();

    at(44);
    expect(await watch()).toBe(0);
    at(45);
    expect(await watch()).toBe(1);
    expect(await watch()).toBe(0); // once
    await console.next((f) => f.type === 'sla_alert' && f.data.ticket.id === tk.id);
    at(61);
    expect(await watch()).toBe(1);
    const breached = (await api('GET', `/api/tickets/${tk.id}`)).ticket;
    expect(breached).toMatchObject({ slaBreachedAt: '2026-05-04T11:01:00.000Z', slaBreachedTarget: 'first_response' });
    at(8 * 60 - 15);
    expect(await watch()).toBe(1);
    at(8 * 60);
    expect(await watch()).toBe(1);
    expect(await watch()).toBe(0);
    // The first breach stays the ticket's breach.
    expect((await api('GET', `/api/tickets/${tk.id}`)).ticket).toMatchObject({
      slaBreachedAt: '2026-05-04T11:01:00.000Z',
      slaBreachedTarget: 'first_response',
    });
    await console.next((f) => f.type === 'sla_alert' && f.data.kind === 'breach' && f.data.target === 'resolution');
    expect(alerts(console, tk.id)).toEqual([
      'warning first_response 15',
      'breach first_response 0',
      'warning resolution 15',
      'breach resolution 0',
    ]);
    // One email each, to Wendy (the assignee), through the outbox.
    t.app.dispatcher.kick();
    const mine = () => smtp.mails.filter((m) => m.to === agent.email);
    for (let i = 0; i < 100 && mine().length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    const subjects = await Promise.all(mine().map(async (m) => (await simpleParser(m.data)).subject));
    expect(subjects).toEqual([
      'SLA warning: first answer due in 15 min — Invoice missing',
      'SLA missed: first answer was due — Invoice missing',
      'SLA warning: resolution due in 15 min — Invoice missing',
      'SLA missed: resolution was due — Invoice missing',
    ]);
  });

  it('stays quiet while the clock is stopped and once a target is met; a due time that moves warns again', async () => {
    at(0);
    const agent = await createAgent(t.app, admin);
    const tk = await ticket('Waiting on you');
    const watch = () => t.app.slaWatcher.tick();
    // Waiting on the customer from minute 10 to minute 120: nothing, though the first answer "was" due at 60.
    at(10);
    await api('PUT', `/api/tickets/${tk.id}`, { status: 'waiting' });
    at(120);
    expect(await watch()).toBe(0);
    const back = (await api('PUT', `/api/tickets/${tk.id}`, { status: 'open' })).ticket;
    expect(back.firstResponseDueAt).toBe('2026-05-04T12:50:00.000Z'); // 60 + 110 minutes
    expect(await watch()).toBe(0);
    // An agent answers in the chat: the first-answer target is met, so nothing more about it.
    await api('POST', `/api/chat/${tk.conversationId}/accept`, {}, agent.token);
    await t.app.inject({
      method: 'POST',
      url: `/api/chat/${tk.conversationId}/message`,
      headers: bearer(agent.token),
      payload: { content: 'On it.' },
    });
    at(200);
    expect(await watch()).toBe(0);
    // Resolved: no resolution alerts either, however late.
    await api('PUT', `/api/tickets/${tk.id}`, { status: 'resolved' });
    at(24 * 60);
    expect(await watch()).toBe(0);

    // Warned, then the priority drops: the new due time gets its own warning.
    at(0);
    const moved = await ticket('Moved target', undefined, 'urgent'); // first answer due at 30
    at(16);
    expect(await watch()).toBe(1);
    const lowered = (await api('PUT', `/api/tickets/${moved.id}`, { priority: 'high' })).ticket;
    expect(lowered.firstResponseDueAt).toBe('2026-05-04T11:00:00.000Z');
    expect(await watch()).toBe(0);
    at(45);
    expect(await watch()).toBe(1);
    expect((await api('GET', `/api/tickets/${moved.id}`)).ticket.slaBreachedAt).toBe(null);
    await api('PUT', `/api/tickets/${moved.id}`, { status: 'resolved' });
  });

  it("follows business hours: quiet over the weekend, the warning and the breach in Monday's open hours", async () => {
    const { defaultBusinessHours } = await import('@support-chat/protocol/constants');
    const hours = { ...structuredClone(defaultBusinessHours), enabled: true, timeZone: 'Europe/Berlin' };
    const site = (await api('POST', '/api/sites', { name: 'Berlin desk', businessHours: hours })).site;
    const policy = (await api('GET', '/api/settings/sla')).sla;
    await api('PUT', '/api/settings/sla', { ...policy, followBusinessHours: true });
    const console = await connect(host, { token: admin });
    sockets.push(console);
    // Friday 8 May, 16:30 in Berlin (14:30 UTC): a high ticket's first answer has 60 open minutes, 30 of them on
    // Friday and 30 on Monday, so it is due Monday 09:30 Berlin (07:30 UTC).
    now = new Date('2026-05-08T14:30:00.000Z');
    const { conversation } = await startChat(t.app, { siteKey: site.siteKey, customerName: 'Wes', message: 'help' });
    const tk = (
      await api('POST', '/api/tickets', {
        conversationId: conversation.id,
        subject: 'Weekend',
        description: 'x',
        priority: 'high',
      })
    ).ticket;
    expect(tk.firstResponseDueAt).toBe('2026-05-11T07:30:00.000Z');
    const marks = async () => {
      const { tickets } = await import('../src/db/schema/index.js');
      const { eq } = await import('drizzle-orm');
      const [row] = await t.app.supportChat.deps.db.select().from(tickets).where(eq(tickets.id, tk.id));
      return [row!.firstResponseWarnedAt?.toISOString() ?? null, row!.firstResponseBreachedAt?.toISOString() ?? null];
    };
    // Saturday noon: wall-clock time has long passed 60 minutes, open time has not.
    now = new Date('2026-05-09T12:00:00.000Z');
    await t.app.slaWatcher.tick();
    expect(await marks()).toEqual([null, null]);
    // Monday 09:15 Berlin: 15 minutes (warnMinutes) to go.
    now = new Date('2026-05-11T07:15:00.000Z');
    await t.app.slaWatcher.tick();
    expect(await marks()).toEqual(['2026-05-11T07:15:00.000Z', null]);
    const warning = await console.next((f) => f.type === 'sla_alert' && f.data.ticket.id === tk.id);
    expect(warning.data).toMatchObject({ kind: 'warning', target: 'first_response', minutesRemaining: 15 });
    now = new Date('2026-05-11T07:30:00.000Z');
    await t.app.slaWatcher.tick();
    expect(await marks()).toEqual(['2026-05-11T07:15:00.000Z', '2026-05-11T07:30:00.000Z']);
    await api('PUT', '/api/settings/sla', { ...policy, followBusinessHours: false });
  });

  it('two nodes passing at once act on every ticket exactly once; a node started later finds nothing left', async () => {
    at(0);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await ticket(`Race ${i}`)).id);
    const other = await createTestApp({ ...env, SMTP_PORT: String(smtp.port) }, { clock }, t.db);
    try {
      // Past every first-answer due time, before any resolution warning: one breach per ticket.
      at(90);
      const [a, b] = await Promise.all([t.app.slaWatcher.tick(), other.app.slaWatcher.tick()]);
      const raced = (await Promise.all(ids.map(async (id) => (await api('GET', `/api/tickets/${id}`)).ticket))).map(
        (x) => `${x.slaBreachedTarget} ${x.slaBreachedAt}`,
      );
      // Twelve breaches between the two nodes (earlier tests' tickets are finished), each ticket once.
      expect(a + b).toBe(12);
      expect(new Set(raced)).toEqual(new Set(['first_response 2026-05-04T11:30:00.000Z']));
      expect(await t.app.slaWatcher.tick()).toBe(0);
      expect(await other.app.slaWatcher.tick()).toBe(0);
    } finally {
      await other.app.close();
    }
    const restarted = await createTestApp({ ...env, SMTP_PORT: String(smtp.port) }, { clock }, t.db);
    try {
      expect(await restarted.app.slaWatcher.tick()).toBe(0);
    } finally {
      await restarted.app.close();
    }
  });
});
