// Sites as an admin sets them up: the widget's look and offline behaviour (merged field by field, validated like
// every body, audited), business hours that availability honours (on a fake clock), and changes in force on
// another node at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBusinessHours } from '@support-chat/protocol';
import { bearer, createAgent, createTestApp, json, login, startChat, type TestApp } from './helpers.js';

let t: TestApp;
let admin: string;
// Friday 1 May 2026, 09:00 UTC = 11:00 in Berlin (summer time, UTC+2).
let now = new Date('2026-05-01T09:00:00.000Z');
const clock = { now: () => new Date(now) };

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  admin = await login(t.app);
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(admin), ...(payload ? { payload } : {}) });
const newSite = async (name: string, extra: object = {}) =>
  json(await call('POST', '/api/sites', { name, ...extra })).site;

const berlinHours = {
  ...structuredClone(defaultBusinessHours),
  enabled: true,
  timeZone: 'Europe/Berlin',
  holidays: [{ date: '2026-05-04', name: 'Staff day' }],
};

describe('widget settings', () => {
  it('a new site gets the defaults; a change names only what changes, the rest stays; the audit log has before and after', async () => {
    const site = await newSite('Shop', { widget: { accentColor: '#0f766e' } });
    expect(site.widget).toEqual({
      accentColor: '#0f766e',
      position: 'right',
      teamName: '',
      greeting: '',
      launcherText: '',
      offlineMode: 'form',
      proactive: [],
    });
    const res = await call('PUT', `/api/sites/${site.id}`, {
      widget: { teamName: 'Acme help', greeting: 'Hi! Ask us anything.', position: 'left' },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res).site.widget).toEqual({
      accentColor: '#0f766e',
      position: 'left',
      teamName: 'Acme help',
      greeting: 'Hi! Ask us anything.',
      launcherText: '',
      offlineMode: 'form',
      proactive: [],
    });
    const [entry] = json(await call('GET', `/api/audit-log?targetId=${site.id}&limit=1`)).entries;
    expect(entry.action).toBe('site.update');
    expect(entry.before.widget.position).toBe('right');
    expect(entry.after.widget.position).toBe('left');
    expect(entry.after.widget.teamName).toBe('Acme help');
  });

  it('refuses what the widget could not show safely, naming the field', async () => {
    const site = await newSite('Strict');
    const refused = async (payload: object) => {
      const res = await call('PUT', `/api/sites/${site.id}`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      return json(res).error.details.map((d: { path: string }) => d.path);
    };
    expect(await refused({ widget: { accentColor: 'red; background:url(//evil)' } })).toEqual([
      'body.widget.accentColor',
    ]);
    expect(await refused({ widget: { position: 'top' } })).toEqual(['body.widget.position']);
    expect(await refused({ widget: { offlineMode: 'vanish' } })).toEqual(['body.widget.offlineMode']);
    expect(await refused({ widget: { teamName: 'x'.repeat(61) } })).toEqual(['body.widget.teamName']);
    expect(await refused({ widget: { greeting: 'a\u0000b' } })).toEqual(['body.widget.greeting']);
    expect(await refused({ widget: { font: 'Comic Sans' } })).toEqual(['body.widget.font']);
    expect(await refused({ allowedOrigins: ['https://ok.example', 'https://bad.example/path'] })).toEqual([
      'body.allowedOrigins.1',
    ]);
    expect(await refused({ businessHours: { ...berlinHours, timeZone: 'Europe/Atlantis' } })).toEqual([
      'body.businessHours.timeZone',
    ]);
    const lateStart = berlinHours.days.map((d, i) => (i === 2 ? { ...d, from: '18:00' } : d));
    expect(await refused({ businessHours: { ...berlinHours, days: lateStart } })).toEqual([
      'body.businessHours.days.2.to',
    ]);
    expect(await refused({ businessHours: { ...berlinHours, days: berlinHours.days.slice(0, 5) } })).toEqual([
      'body.businessHours.days',
    ]);
    const trigger = { id: 'pricing', urlPattern: '/pricing*', delaySeconds: 20, message: 'Questions about plans?' };
    expect(await refused({ widget: { proactive: [{ ...trigger, urlPattern: 'pricing' }] } })).toEqual([
      'body.widget.proactive.0.urlPattern',
    ]);
    expect(await refused({ widget: { proactive: [{ ...trigger, urlPattern: '/a b' }] } })).toEqual([
      'body.widget.proactive.0.urlPattern',
    ]);
    expect(await refused({ widget: { proactive: [trigger, { ...trigger, id: 'late', delaySeconds: 3601 }] } })).toEqual(
      ['body.widget.proactive.1.delaySeconds'],
    );
    expect(await refused({ widget: { proactive: [{ ...trigger, message: ' ' }] } })).toEqual([
      'body.widget.proactive.0.message',
    ]);
    expect(await refused({ widget: { proactive: [{ ...trigger, id: 'a b' }] } })).toEqual([
      'body.widget.proactive.0.id',
    ]);
    expect(await refused({ widget: { proactive: [{ ...trigger, onload: 'x' }] } })).toEqual([
      'body.widget.proactive.0.onload',
    ]);
    expect(await refused({ widget: { proactive: [trigger, trigger] } })).toEqual(['body.widget.proactive']);
    expect(
      await refused({ widget: { proactive: Array.from({ length: 11 }, (_, i) => ({ ...trigger, id: `t${i}` })) } }),
    ).toEqual(['body.widget.proactive']);
    // Kept as given, and public with the rest of the widget's settings (the widget reads it with the site key).
    const saved = await call('PUT', `/api/sites/${site.id}`, { widget: { proactive: [trigger] } });
    expect(json(saved).site.widget.proactive).toEqual([trigger]);
    const pub = json(await t.app.inject({ url: `/api/sites/by-key/${site.siteKey}` }));
    expect(pub.site.widget.proactive).toEqual([trigger]);
    // Markup is only text: stored as written, and the widget renders it as text (browser tests).
    const xss = '<img src=x onerror=alert(1)>';
    const ok = await call('PUT', `/api/sites/${site.id}`, { widget: { teamName: xss, greeting: xss } });
    expect(json(ok).site.widget.teamName).toBe(xss);
  });

  it('a change is in force on another node at once (sites are read on every call, never cached)', async () => {
    const site = await newSite('Two nodes');
    const other = await createTestApp({}, { clock }, t.db);
    try {
      const read = async () =>
        json(await other.app.inject({ url: `/api/sites/by-key/${site.siteKey}` })).site.widget.accentColor;
      expect(await read()).toBe('#2563eb');
      await call('PUT', `/api/sites/${site.id}`, { widget: { accentColor: '#be123c' } });
      expect(await read()).toBe('#be123c');
    } finally {
      await other.app.close();
    }
  });
});

describe('business hours', () => {
  it('availability honours them: open on a weekday, away at the weekend and on a holiday, with when it opens next', async () => {
    const site = await newSite('Hours', { businessHours: berlinHours });
    const agent = await createAgent(t.app, admin);
    const online = await t.app.inject({
      method: 'PUT',
      url: `/api/agents/${agent.agentId}/status`,
      headers: bearer(agent.token),
      payload: { status: 'online' },
    });
    expect(online.statusCode).toBe(200);
    const availability = async () =>
      json(await t.app.inject({ url: `/api/sites/${site.siteKey}/availability` })).availability;

    expect(await availability()).toMatchObject({
      available: true,
      onlineAgents: 1,
      withinBusinessHours: true,
      nextOpenAt: null,
    });
    // Saturday noon: someone is signed in, but the team is not answering; Monday is a holiday, so Tuesday 09:00.
    now = new Date('2026-05-02T10:00:00.000Z');
    expect(await availability()).toMatchObject({
      available: false,
      onlineAgents: 1,
      withinBusinessHours: false,
      nextOpenAt: '2026-05-05T07:00:00.000Z',
    });
    // The admin's own read says the same, as of when it answers.
    expect(json(await call('GET', `/api/sites/${site.id}`)).site.hoursNow).toEqual({
      withinBusinessHours: false,
      nextOpenAt: '2026-05-05T07:00:00.000Z',
    });
    // Turned off: around the clock again, at once.
    const off = await call('PUT', `/api/sites/${site.id}`, { businessHours: { ...berlinHours, enabled: false } });
    expect(json(off).site.hoursNow).toEqual({ withinBusinessHours: true, nextOpenAt: null });
    expect(await availability()).toMatchObject({ available: true, withinBusinessHours: true, nextOpenAt: null });
    now = new Date('2026-05-01T09:00:00.000Z');
  });
});

describe('the SLA clock', () => {
  const H = 3_600_000;
  const setPolicy = (patch: object) =>
    call('PUT', '/api/settings/sla', {
      hours: { urgent: 1, high: 8, medium: 24, low: 72 },
      firstResponseMinutes: { urgent: 30, high: 90, medium: 240, low: 1440 },
      ...patch,
    });
  const ticketOn = async (siteKey: string, priority: string) => {
    const { conversation } = await startChat(t.app, { siteKey, customerName: 'Tess', message: 'help' });
    const res = await call('POST', '/api/tickets', {
      conversationId: conversation.id,
      subject: 'Invoice missing',
      description: 'x',
      priority,
    });
    expect(res.statusCode).toBe(201);
    return json(res).ticket;
  };
  const update = async (id: string, body: object) => json(await call('PUT', `/api/tickets/${id}`, body)).ticket;

  it('counts business hours only, stops while waiting on the customer, and runs on from where it stopped', async () => {
    const site = await newSite('Berlin office', { businessHours: berlinHours });
    const saved = await setPolicy({ followBusinessHours: true, pauseWhileWaiting: true });
    expect(json(saved).sla).toMatchObject({ followBusinessHours: true, pauseWhileWaiting: true });
    // Created Friday 11:00 Berlin; 8 open hours: 6 on Friday, Monday is a day off, 2 on Tuesday → Tuesday 11:00.
    now = new Date('2026-05-01T09:00:00.000Z');
    const ticket = await ticketOn(site.siteKey, 'high');
    // First answer: 90 open minutes → Friday 12:30 Berlin.
    expect(ticket).toMatchObject({
      slaDueAt: '2026-05-05T09:00:00.000Z',
      firstResponseDueAt: '2026-05-01T10:30:00.000Z',
      slaPausedAt: null,
    });

    // Friday 15:00 Berlin: waiting on the customer, the clock stops.
    now = new Date('2026-05-01T13:00:00.000Z');
    const waiting = await update(ticket.id, { status: 'waiting' });
    expect(waiting).toMatchObject({ slaPausedAt: '2026-05-01T13:00:00.000Z', slaDueAt: '2026-05-05T09:00:00.000Z' });
    // Tuesday 10:00 Berlin: the customer answered. Open time stood still: Friday 15–17 and Tuesday 9–10, 3 h.
    now = new Date('2026-05-05T08:00:00.000Z');
    const back = await update(ticket.id, { status: 'open' });
    // Both targets move on by the 3 h the clock stood still: resolution Tuesday 14:00, first answer Friday 15:30.
    expect(back).toMatchObject({
      slaPausedAt: null,
      slaDueAt: '2026-05-05T12:00:00.000Z',
      firstResponseDueAt: '2026-05-01T13:30:00.000Z',
    });
    // A new priority counts from creation past the pause: 1 h + 3 h of open time from Friday 11:00 → 15:00.
    const urgent = await update(ticket.id, { priority: 'urgent' });
    expect(urgent.slaDueAt).toBe('2026-05-01T13:00:00.000Z');

    // Around the clock, and no pausing: the plain 8 hours, and waiting changes nothing.
    await setPolicy({ followBusinessHours: false, pauseWhileWaiting: false });
    const plain = await ticketOn(site.siteKey, 'high');
    expect(Date.parse(plain.slaDueAt) - Date.parse(plain.createdAt)).toBe(8 * H);
    now = new Date('2026-05-05T10:00:00.000Z');
    expect(await update(plain.id, { status: 'waiting' })).toMatchObject({
      slaPausedAt: null,
      slaDueAt: plain.slaDueAt,
    });
    // Options left out of a change keep their value.
    await setPolicy({ pauseWhileWaiting: true });
    expect(json(await setPolicy({})).sla).toMatchObject({ followBusinessHours: false, pauseWhileWaiting: true });
    await setPolicy({ followBusinessHours: false, pauseWhileWaiting: false });
    now = new Date('2026-05-01T09:00:00.000Z');
  });
});
