// Analytics, exactly: a two-day history played through the API on a fake clock (two agents, a team, five chats, an
// abandoned one, a ticket opened from a chat, ratings, an unanswered urgent ticket), every figure worked out by hand
// below and asserted to the second; the roll-ups of those days give the same answers as the live tables; agents see
// only their own figures; CSV escapes formulas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';
import { connect, listen } from './ws-helpers.js';

let t: TestApp;
let admin: string;
// Monday 1 June 2026 (UTC, the roll-up zone here).
const D1 = Date.parse('2026-06-01T00:00:00.000Z');
let now = new Date(D1);
const clock = { now: () => new Date(now) };
/** Day 1 or 2, `HH:MM`. */
const at = (day: 1 | 2, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  now = new Date(D1 + (day - 1) * 86_400_000 + (h * 60 + m) * 60_000);
};
const RANGE = 'from=2026-06-01T00:00:00.000Z&to=2026-06-03T00:00:00.000Z';

const req = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = admin) => {
  const res = await t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return json(res);
};

let A: Awaited<ReturnType<typeof createAgent>>;
let B: Awaited<ReturnType<typeof createAgent>>;
let teamId: string;
const chats: Record<string, { id: string; token: string }> = {};

async function chat(name: string, message: string, fields: Record<string, unknown> = {}) {
  const c = await startChat(t.app, { customerName: name, message, subject: message, ...fields });
  chats[name] = { id: c.conversation.id, token: c.token };
  return chats[name]!;
}
const status = (who: typeof A, s: string) => req('PUT', `/api/agents/${who.agentId}/status`, { status: s }, who.token);
const accept = (who: typeof A, c: { id: string }) => req('POST', `/api/chat/${c.id}/accept`, undefined, who.token);
const reply = async (who: { token: string }, c: { id: string }, content: string) => {
  const res = await send(t.app, who.token, c.id, { content });
  if (res.statusCode >= 300) throw new Error(res.body);
};
const resolve = (token: string, c: { id: string }) => req('PUT', `/api/chat/${c.id}`, { status: 'resolved' }, token);
const rate = (c: { id: string; token: string }, rating: number, comment?: string) =>
  req('PUT', `/api/chat/${c.id}/rating`, { rating, ...(comment ? { comment } : {}) }, c.token);

beforeAll(async () => {
  t = await createTestApp({ ROUTING_SWEEP_SECONDS: '3600', ANALYTICS_ROLLUP_MINUTES: '1440' }, { clock });
  admin = await login(t.app);
  await req('PUT', '/api/settings/sla', {
    hours: { urgent: 1, high: 4, medium: 24, low: 72 },
    firstResponseMinutes: { urgent: 30, high: 60, medium: 240, low: 1440 },
  });
  A = await createAgent(t.app, admin, { name: 'Ada', maxConcurrentChats: 2 });
  B = await createAgent(t.app, admin, { name: 'Bo', maxConcurrentChats: 1 });
  // Chats go to the team, which is worked by hand (accept), so who takes what is the test's choice.
  teamId = (
    await req('POST', '/api/teams', { name: 'Care', memberIds: [A.agentId, B.agentId], assignmentMode: 'manual' })
  ).team.id;
  await req('POST', '/api/routing-rules', { name: 'Everything to Care', teamId });

  // ---- day 1 ----
  at(1, '08:00');
  await status(A, 'busy'); // busy counts as online time (capacity) but takes no automatic chats
  at(1, '09:00');
  await status(B, 'busy');
  const c1 = await chat('C1', 'Refund for my invoice');
  at(1, '09:02');
  await accept(A, c1); // wait 120
  at(1, '09:03');
  await reply(A, c1, 'Looking at it'); // first response 180, reply 180
  at(1, '09:05');
  await reply(c1, c1, 'Thanks, it was order 42');
  at(1, '09:06');
  await reply(A, c1, 'Refunded'); // reply 60
  at(1, '09:10');
  await resolve(A.token, c1); // resolution 600
  at(1, '09:11');
  await rate(c1, 5, '=HYPERLINK("http://evil.example","Great help")');

  at(1, '10:00');
  const c2 = await chat('C2', 'Cannot log in', { channel: 'mobile' });
  at(1, '10:05');
  await accept(B, c2); // wait 300
  at(1, '10:15');
  await reply(B, c2, 'Resetting your password'); // first response 900, reply 900
  at(1, '10:20');
  const ticket = (
    await req(
      'POST',
      '/api/tickets',
      { conversationId: c2.id, subject: 'Login broken', description: 'Password reset loop', priority: 'high' },
      B.token,
    )
  ).ticket;
  at(1, '10:30');
  await resolve(B.token, c2); // resolution 1800; a ticket follows it up: not first-contact
  at(1, '10:31');
  await rate(c2, 2, 'Slow');

  at(1, '11:00');
  await status(B, 'offline'); // B: busy 09:00-11:00
  const c3 = await chat('C3', 'Where is my order');
  at(1, '11:04');
  await resolve(c3.token, c3); // gave up after 240 s in the queue: abandoned

  at(1, '11:30');
  const c4 = await chat('C4', 'Invoice address wrong');
  at(1, '11:31');
  await accept(A, c4); // wait 60
  at(1, '11:32');
  await reply(A, c4, 'Which address?'); // first response 120, reply 120
  at(1, '12:00');
  await status(A, 'offline'); // A: busy 08:00-12:00; C4 stays with A overnight
  at(1, '13:00');
  await req('PUT', `/api/tickets/${ticket.id}`, { status: 'resolved' }, B.token); // high ticket resolved in 2 h 40

  // ---- day 2 ----
  at(2, '08:00');
  // The customer who gave up gets a ticket that nobody answers: its first answer is due 08:30 and missed.
  await req('POST', '/api/tickets', {
    conversationId: c3.id,
    subject: 'Invoice missing',
    description: 'Nobody answered',
    priority: 'urgent',
  });
  at(2, '09:00');
  await status(A, 'busy');
  const c5 = await chat('C5', 'Refund status');
  at(2, '09:12');
  await accept(A, c5); // wait 720
  at(2, '09:20');
  await reply(A, c5, 'On its way'); // first response 600 (from 09:10? no: from 09:00 start) — see below
  at(2, '09:30');
  await resolve(A.token, c4); // C4: resolution 22 h = 79200
  at(2, '09:40');
  await resolve(A.token, c5); // resolution 2400
  at(2, '09:41');
  await rate(c5, 4);
  at(2, '10:00');
  await status(A, 'offline'); // A: busy 09:00-10:00 on day 2
  at(2, '12:00');
});
afterAll(async () => t?.close());

// By hand. Waits: C1 120, C2 300, C4 60, C5 720. First responses: C1 180, C2 900, C4 120, C5 1200.
// Replies: C1 180 and 60, C2 900, C4 120, C5 1200. Resolutions (with an agent): C1 600, C2 1800, C4 79200, C5 2400.
// Messages (customer and agent): C1 4, C2 2, C3 1, C4 2, C5 2. Ratings: 5, 2, 4.
// Capacity: Ada busy 4 h + 1 h × 2 chats = 36000 s; Bo 2 h × 1 = 7200 s. Time in chats while busy: C1 480,
// C2 1500, C4 1740 (day 1, to 12:00) + 1800 (day 2, 09:00-09:30), C5 1680.
const expectedSummary = {
  conversations: 5,
  messages: 11,
  resolved: 4,
  abandoned: 1,
  abandonRate: 0.2,
  firstResponses: 4,
  averageFirstResponseSeconds: 600, // (180 + 900 + 120 + 1200) / 4
  replies: 5,
  averageReplySeconds: 492, // (180 + 60 + 900 + 120 + 1200) / 5
  averageResolutionSeconds: 21000, // (600 + 1800 + 79200 + 2400) / 4
  averageWaitSeconds: 300, // (120 + 300 + 60 + 720) / 4
  averageAbandonedWaitSeconds: 240,
  firstContactResolutionRate: 0.75,
  messagesPerConversation: 2.5, // (4 + 2 + 2 + 2) / 4
  csat: { average: 3.67, ratings: 3, responseRate: 0.75, distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 } },
  utilisation: 0.1667, // 7200 / 43200
  chatSeconds: 7200,
  capacitySeconds: 43200,
};

describe('analytics from a history worked out by hand', () => {
  it('overview: every figure, percentiles, the previous period and the day-by-day series', async () => {
    const o = await req('GET', `/api/analytics/overview?${RANGE}`);
    expect(o.summary).toEqual(expectedSummary);
    // First responses sorted 120, 180, 900, 1200: p50 = 540, p90 = 900 + 0.7 × 300 = 1110.
    expect(o.percentiles).toEqual({
      firstResponse: { p50: 540, p90: 1110 },
      resolution: { p50: 2100, p90: 56160 }, // 600, 1800, 2400, 79200
      wait: { p50: 210, p90: 594 }, // 60, 120, 300, 720
    });
    expect(o.previousRange).toEqual({
      from: '2026-05-30T00:00:00.000Z',
      to: '2026-06-01T00:00:00.000Z',
      timeZone: 'UTC',
    });
    expect(o.previous.conversations).toBe(0);
    expect(o.series).toEqual([
      {
        date: '2026-06-01',
        conversations: 4,
        resolved: 2,
        abandoned: 1,
        averageFirstResponseSeconds: 400, // 180, 900, 120
        averageReplySeconds: 315, // 180, 60, 900, 120
        averageResolutionSeconds: 1200,
        averageWaitSeconds: 160, // 120, 300, 60
        csatAverage: 3.5,
        ratings: 2,
      },
      {
        date: '2026-06-02',
        conversations: 1,
        resolved: 2,
        abandoned: 0,
        averageFirstResponseSeconds: 1200,
        averageReplySeconds: 1200,
        averageResolutionSeconds: 40800, // 79200, 2400
        averageWaitSeconds: 720,
        csatAverage: 4,
        ratings: 1,
      },
    ]);
  });

  it('the seed endpoint answers the same figures, with status and channel counts', async () => {
    const { analytics } = await req('GET', `/api/chat/analytics?${RANGE}`);
    expect(analytics).toMatchObject({
      total: 5,
      byStatus: { queued: 0, active: 0, resolved: 5, closed: 0 },
      byChannel: { web: 4, mobile: 1, email: 0 },
      averageFirstResponseSeconds: 600,
      averageResolutionSeconds: 21000,
      averageRating: 3.67,
      ratings: 3,
    });
    expect(analytics.summary).toEqual(expectedSummary);
    const mobile = (await req('GET', `/api/chat/analytics?${RANGE}&channel=mobile`)).analytics;
    expect(mobile).toMatchObject({ total: 1, averageFirstResponseSeconds: 900, averageRating: 2 });
  });

  it("agents: each agent's figures; an agent sees only their own", async () => {
    const { agents } = await req('GET', `/api/analytics/agents?${RANGE}`);
    const ada = agents.find((a: { name: string }) => a.name === 'Ada');
    const bo = agents.find((a: { name: string }) => a.name === 'Bo');
    expect(ada.summary).toMatchObject({
      conversations: 3,
      averageFirstResponseSeconds: 500, // 180, 120, 1200
      averageReplySeconds: 390, // 180, 60, 120, 1200
      averageResolutionSeconds: 27400, // 600, 79200, 2400
      firstContactResolutionRate: 1,
      messagesPerConversation: 2.67,
      csat: { average: 4.5, ratings: 2, responseRate: 0.6667 },
      utilisation: 0.1583, // (480 + 3540 + 1680) / 36000
    });
    expect(bo.summary).toMatchObject({
      conversations: 1,
      averageFirstResponseSeconds: 900,
      averageResolutionSeconds: 1800,
      firstContactResolutionRate: 0,
      csat: { average: 2, ratings: 1 },
      utilisation: 0.2083, // 1500 / 7200
    });
    expect(ada).toMatchObject({ status: 'offline', activeChats: 0, maxConcurrentChats: 2, teamName: 'Care' });

    const own = await req('GET', `/api/analytics/agents?${RANGE}`, undefined, B.token);
    expect(own.agents.map((a: { name: string }) => a.name)).toEqual(['Bo']);
    const overviewAsBo = await req('GET', `/api/analytics/overview?${RANGE}`, undefined, B.token);
    expect(overviewAsBo.summary).toMatchObject({ conversations: 1, resolved: 1, averageFirstResponseSeconds: 900 });
    const other = await t.app.inject({
      url: `/api/analytics/overview?${RANGE}&agentId=${A.agentId}`,
      headers: bearer(B.token),
    });
    expect(other.statusCode).toBe(403);
    expect(json(other).error.code).toBe('FORBIDDEN');
    expect((await t.app.inject({ url: `/api/analytics/teams?${RANGE}`, headers: bearer(B.token) })).statusCode).toBe(
      403,
    );
  });

  it("teams: the team's figures, its queue and who is online now", async () => {
    const { teams } = await req('GET', `/api/analytics/teams?${RANGE}`);
    expect(teams).toHaveLength(1);
    expect(teams[0]).toMatchObject({ teamId, name: 'Care', queueLength: 0, onlineAgents: 0 });
    expect(teams[0].summary).toEqual(expectedSummary);
  });

  it('SLA: tickets opened in the range, met, breached (late or past due), compliance and targets', async () => {
    const sla = await req('GET', `/api/analytics/sla?${RANGE}`);
    const high = sla.byPriority.find((p: { priority: string }) => p.priority === 'high');
    const urgent = sla.byPriority.find((p: { priority: string }) => p.priority === 'urgent');
    expect(high).toEqual({
      priority: 'high',
      tickets: 1,
      met: 1,
      breached: 0,
      pending: 0,
      complianceRate: 1,
      averageFirstResponseSeconds: null,
      firstResponseTargetSeconds: 3600,
      averageResolutionSeconds: 9600,
      resolutionTargetSeconds: 14400,
    });
    expect(urgent).toMatchObject({
      tickets: 1,
      met: 0,
      breached: 1,
      complianceRate: 0,
      firstResponseTargetSeconds: 1800,
    });
    expect(sla.total).toMatchObject({ tickets: 2, met: 1, breached: 1, pending: 0, complianceRate: 0.5 });
    expect(sla.total.firstResponseTargetSeconds).toBe(2700); // (3600 + 1800) / 2
    expect(sla.breachedTickets).toEqual([
      expect.objectContaining({
        subject: 'Invoice missing',
        priority: 'urgent',
        target: 'first_response',
        breachedAt: '2026-06-02T08:30:00.000Z',
      }),
    ]);
  });

  it('heatmap: conversations by weekday and hour, in the zone asked for', async () => {
    const utc = await req('GET', `/api/analytics/heatmap?${RANGE}`);
    expect(utc.days[0].weekday).toBe(1);
    expect(utc.days[0].hours.slice(9, 12)).toEqual([1, 1, 2]); // C1 09:00, C2 10:00, C3 11:00 and C4 11:30
    expect(utc.days[1].hours[9]).toBe(1);
    expect(utc.busiestDay).toBe(1);
    expect(utc.busiestHour).toBe(9); // 09:00 and 11:00 both saw two chats: the earlier hour wins a tie
    const berlin = await req('GET', `/api/analytics/heatmap?${RANGE}&timeZone=Europe/Berlin`);
    expect(berlin.days[0].hours.slice(11, 14)).toEqual([1, 1, 2]); // UTC+2 in June
    expect(berlin.range.timeZone).toBe('Europe/Berlin');
    const bad = await t.app.inject({ url: `/api/analytics/heatmap?timeZone=Mars/Olympus`, headers: bearer(admin) });
    expect(bad.statusCode).toBe(400);
  });

  it('issues: tags, ticket categories and the words of subjects', async () => {
    const issues = await req('GET', `/api/analytics/issues?${RANGE}`);
    // Subjects: Refund for my invoice, Cannot log in, Where is my order, Invoice address wrong, Refund status, and
    // the tickets' Login broken, Invoice missing.
    expect(issues.terms.slice(0, 2)).toEqual([
      { name: 'invoice', count: 3 },
      { name: 'refund', count: 2 },
    ]);
    expect(issues.terms.map((x: { name: string }) => x.name)).not.toContain('for');
  });

  it('CSAT: distribution, trend and comments', async () => {
    const csat = await req('GET', `/api/analytics/csat?${RANGE}`);
    expect(csat.csat).toEqual(expectedSummary.csat);
    expect(csat.series).toEqual([
      { date: '2026-06-01', average: 3.5, ratings: 2 },
      { date: '2026-06-02', average: 4, ratings: 1 },
    ]);
    expect(csat.comments.map((c: { rating: number; comment: string }) => [c.rating, c.comment])).toEqual([
      [2, 'Slow'],
      [5, '=HYPERLINK("http://evil.example","Great help")'],
    ]);
  });

  it('CSV: every report as a table; formulas are defused', async () => {
    const res = await t.app.inject({ url: `/api/analytics/csat?${RANGE}&format=csv`, headers: bearer(admin) });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="support-chat-csat-2026-06-01-2026-06-03.csv"',
    );
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('rated_at,rating,comment,customer,agent,conversation_id');
    expect(lines[2]).toBe(
      `2026-06-01T09:11:00.000Z,5,"'=HYPERLINK(""http://evil.example"",""Great help"")",C1,Ada,${chats.C1!.id}`,
    );
    for (const name of ['overview', 'agents', 'teams', 'sla', 'heatmap', 'issues']) {
      const r = await t.app.inject({ url: `/api/analytics/${name}?${RANGE}&format=csv`, headers: bearer(admin) });
      expect(r.statusCode, name).toBe(200);
      expect(r.body.endsWith('\r\n'), name).toBe(true);
    }
    const agentsCsv = await t.app.inject({ url: `/api/analytics/agents?${RANGE}&format=csv`, headers: bearer(admin) });
    expect(agentsCsv.body.split('\r\n')[1]).toBe('Ada,Care,offline,3,3,0,500,390,27400,4.5,2,1,2.67,0.1583');
  });

  it('roll-ups: the finished days written by the job give the same answers as the tables', async () => {
    now = new Date(D1 + 2 * 86_400_000 + 30 * 60_000); // day 3, 00:30: both days are over
    const before = await Promise.all(
      ['overview', 'agents', 'teams', 'csat', 'issues'].map((n) => req('GET', `/api/analytics/${n}?${RANGE}`)),
    );
    const res = await req('POST', '/api/analytics/rollups', { from: '2026-06-01', to: '2026-06-02' });
    expect(res).toEqual({ days: ['2026-06-01', '2026-06-02'], skipped: [] });
    const after = await Promise.all(
      ['overview', 'agents', 'teams', 'csat', 'issues'].map((n) => req('GET', `/api/analytics/${n}?${RANGE}`)),
    );
    expect(after).toEqual(before);
    const db = t.app.supportChat.deps.db;
    const { chatAnalytics } = await import('../src/db/schema/index.js');
    const { and, eq } = await import('drizzle-orm');
    const [adaDay1] = await db
      .select()
      .from(chatAnalytics)
      .where(and(eq(chatAnalytics.date, '2026-06-01'), eq(chatAnalytics.agentId, A.agentId)));
    // Day 1, Ada, web: C1 and C4 started, 6 messages, first responses 180 and 120, C1 resolved in 600.
    expect(adaDay1).toMatchObject({
      teamId,
      channel: 'web',
      totalConversations: 2,
      totalMessages: 6,
      averageResponseTime: 150,
      averageResolutionTime: 600,
      customerSatisfactionScore: 5,
      firstContactResolutionRate: 1,
      resolvedConversations: 1,
    });
    // Idempotent: a second run rewrites the same rows.
    const count = async () => (await db.select().from(chatAnalytics)).length;
    const n = await count();
    await req('POST', '/api/analytics/rollups', { from: '2026-06-01', to: '2026-06-02' });
    expect(await count()).toBe(n);
  });

  it('a day that has not ended is not rolled up; bad ranges are 400', async () => {
    // Day 3 (00:30 now) has not ended: it is skipped.
    const res = await req('POST', '/api/analytics/rollups', { from: '2026-06-02', to: '2026-06-03' });
    expect(res).toEqual({ days: ['2026-06-02'], skipped: ['2026-06-03'] });
    // The job's own pass: the last three finished days (nothing older happened, so nothing to backfill).
    expect(await t.app.rollups.tick()).toEqual(['2026-06-02', '2026-06-01', '2026-05-31']);
    for (const q of [
      'from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z',
      'from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'channel=pigeon',
      'format=xml',
      'agentId=nope',
    ]) {
      const r = await t.app.inject({ url: `/api/analytics/overview?${q}`, headers: bearer(admin) });
      expect(r.statusCode, q).toBe(400);
      expect(json(r).error.code, q).toBe('VALIDATION_ERROR');
    }
  });

  it('live overview: the queue, the longest wait, agents by status, active chats and today', async () => {
    at(2, '12:00');
    await status(B, 'online');
    const waiting = await chat('C6', 'Hello?');
    at(2, '12:05');
    const { live } = await req('GET', '/api/analytics/live');
    expect(live).toMatchObject({
      at: '2026-06-02T12:05:00.000Z',
      queueLength: 1,
      longestWaitSeconds: 300,
      activeChats: 0,
      agentsByStatus: { online: 1, busy: 0, away: 0, offline: 2 },
      today: {
        from: '2026-06-02T00:00:00.000Z',
        conversations: 2,
        resolved: 2,
        abandoned: 0,
        averageFirstResponseSeconds: 1200,
        averageWaitSeconds: 720,
      },
    });

    // The same figures over the socket, for staff who ask; pushed again when the queue moves.
    const host = await listen(t.app);
    const socket = await connect(host, { token: admin });
    socket.send({ type: 'watch_live', id: 'w1', data: {} });
    const first = await socket.next((f) => f.type === 'live_overview');
    expect(first.data).toEqual(live);
    await resolve(waiting.token, waiting);
    const next = await socket.next((f) => f.type === 'live_overview' && f.data.queueLength === 0);
    expect(next.data).toMatchObject({ queueLength: 0, longestWaitSeconds: null, today: { abandoned: 1 } });
    socket.send({ type: 'watch_live', data: { on: false } });
    const visitor = await connect(host, { token: waiting.token, conversationId: waiting.id });
    visitor.send({ type: 'watch_live', id: 'v1', data: {} });
    const refused = await visitor.next((f) => f.type === 'error');
    expect(refused.data).toMatchObject({ code: 'FORBIDDEN', ref: 'v1' });
    socket.close();
    visitor.close();
  });
});
