// The SDK against a real server: chat both ways, a server that keeps dropping connections while the other
// side writes, messages written offline, and the long-poll fallback when WebSockets fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createAgent, createTestApp, login, type TestApp } from '@support-chat/server/testing';
import { listen, sleep } from '@support-chat/server/testing';
import { ApiError, backoffDelay, type RealtimeConnection, type SocketFactory } from '../src/index.js';
import { createNodeClient } from '../src/node.js';

let t: TestApp;
let base: string;
let agentCreds: { email: string; password: string; agentId: string };
const connections: RealtimeConnection[] = [];

beforeAll(async () => {
  t = await createTestApp();
  base = `http://${await listen(t.app)}`;
  const a = await createAgent(t.app, await login(t.app), { name: 'Sam SDK', password: 'sdk-agent-pass' });
  agentCreds = { email: a.email, password: 'sdk-agent-pass', agentId: a.agentId };
});
afterAll(async () => {
  for (const c of connections) c.close();
  await t.close();
});

const fast = { backoff: { initialDelayMs: 20, maxDelayMs: 200 } };

function track(c: RealtimeConnection) {
  connections.push(c);
  return c;
}

function collect(c: RealtimeConnection) {
  const contents: string[] = [];
  const seqs: number[] = [];
  c.on('message', (f) => {
    contents.push(f.data.content);
    seqs.push(f.data.seq);
  });
  return { contents, seqs };
}

async function until(cond: () => boolean, timeoutMs = 10_000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function visitorAndAgent() {
  const visitor = createNodeClient({ baseUrl: base });
  const { conversation } = await visitor.startConversation({ customerName: 'Nina Node' });
  const agent = createNodeClient({ baseUrl: base });
  await agent.login(agentCreds.email, agentCreds.password);
  return { visitor, agent, id: conversation.id };
}

describe('REST', () => {
  it("types errors as ApiError with the server's code", async () => {
    const c = createNodeClient({ baseUrl: base });
    const err = await c.getConversation('00000000-0000-4000-8000-000000000000').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    const bad = await c.startConversation({ customerEmail: 'nope' as string }).catch((e) => e);
    expect(bad).toMatchObject({ status: 400, code: 'VALIDATION_ERROR' });
  });

  it('starts, sends, pages history and creates a ticket', async () => {
    const { visitor, agent, id } = await visitorAndAgent();
    await visitor.sendMessage(id, { content: 'first' });
    await agent.sendMessage(id, { content: 'second' });
    const page = await visitor.listMessages(id);
    expect(page.messages.map((m) => [m.seq, m.senderType])).toEqual([
      [1, 'customer'],
      [2, 'agent'],
    ]);
    const { ticket } = await agent.createTicket({ subject: 'From SDK', description: 'd', conversationId: id });
    expect((await visitor.listTickets()).tickets.map((x) => x.id)).toEqual([ticket.id]);
  });
});

describe('files and ratings', () => {
  it('uploads an image, attaches it, downloads it by URL, and rates the resolved chat', async () => {
    const { visitor, agent, id } = await visitorAndAgent();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const attachment = await visitor.uploadFile(id, new Blob([png], { type: 'image/png' }), 'dot.png');
    expect(attachment).toMatchObject({ name: 'dot.png', mimeType: 'image/png', size: png.length });
    const msg = await visitor.sendMessage(id, { content: '', messageType: 'image', attachments: [attachment] });
    expect(msg.attachments[0]!.url).toBe(attachment.url);
    const res = await fetch(visitor.fileUrl(attachment));
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
    await agent.updateConversation(id, { status: 'resolved' });
    expect(await visitor.rateConversation(id, 5, 'quick, thanks')).toMatchObject({
      rating: 5,
      comment: 'quick, thanks',
    });
  });
});

describe('routing calls', () => {
  it('accepts a queued chat, reports availability and sets status', async () => {
    const { agent, id } = await visitorAndAgent();
    const conv = await agent.acceptConversation(id);
    expect(conv).toMatchObject({ status: 'active', agentId: agentCreds.agentId });
    const again = await agent.acceptConversation(id).catch((e) => e);
    expect(again).toMatchObject({ status: 409, code: 'ALREADY_ASSIGNED' });
    expect((await agent.setAgentStatus(agentCreds.agentId, 'busy')).status).toBe('busy');
    const availability = await agent.getAvailability(t.app.supportChat.bootstrap.siteKey);
    expect(availability).toMatchObject({ available: false, onlineAgents: 0 });
    expect((await agent.returnToQueue(id)).status).toBe('queued');
  });
});

describe('realtime', () => {
  it('a visitor and an agent chat with typing and read receipts', async () => {
    const { visitor, agent, id } = await visitorAndAgent();
    const v = track(visitor.connect({ conversationId: id, ...fast }));
    const a = track(agent.connect({ subscribe: [id], ...fast }));
    await Promise.all([v.ready(), a.ready()]);
    const atAgent = collect(a);
    const atVisitor = collect(v);
    const typing: boolean[] = [];
    a.on('typing', (f) => typing.push(f.data.isTyping));
    await until(() => a.seqOf(id) !== undefined, 5000, 'agent subscription');

    v.typing();
    const stored = await v.send('Hi from the SDK');
    expect(stored).toMatchObject({ seq: 1, content: 'Hi from the SDK', senderType: 'customer' });
    v.stopTyping();
    await until(() => atAgent.contents.includes('Hi from the SDK'));
    await until(() => typing.join() === 'true,false', 5000, 'typing on/off');

    const reply = await a.send('Hello Nina', { conversationId: id });
    await until(() => atVisitor.contents.includes('Hello Nina'));
    const receipts: string[] = [];
    a.on('read', (f) => receipts.push(f.data.messageId));
    v.read(reply.id);
    await until(() => receipts.includes(reply.id), 5000, 'read receipt');
  });

  it('survives a server that keeps dropping connections: everything arrives once, in order, and offline writes go out once', async () => {
    const { visitor, agent, id } = await visitorAndAgent();
    const v = track(visitor.connect({ conversationId: id, ...fast }));
    await v.ready();
    const got = collect(v);
    const states: string[] = [];
    v.on('state', (s) => states.push(s.state));

    const total = 60;
    const sender = (async () => {
      for (let i = 1; i <= total; i++) {
        await agent.sendMessage(id, { content: `a${i}` });
        await sleep(8);
      }
    })();
    // Drop every socket on the server a few times while the agent writes; the visitor also writes meanwhile.
    const visitorSends: Promise<unknown>[] = [];
    for (let round = 0; round < 4; round++) {
      await sleep(60);
      t.app.gateway.dropAll();
      visitorSends.push(v.send(`v${round}`));
    }
    await sender;
    await Promise.all(visitorSends);
    await until(() => got.contents.filter((c) => c.startsWith('a')).length === total, 15_000, 'all agent messages');

    expect(states.filter((s) => s === 'reconnecting').length).toBeGreaterThanOrEqual(1);
    // Once each, in seq order, with no gaps.
    expect(got.seqs).toEqual([...got.seqs].sort((x, y) => x - y));
    expect(new Set(got.seqs).size).toBe(got.seqs.length);
    expect(got.contents.filter((c) => c.startsWith('a'))).toEqual(Array.from({ length: total }, (_, i) => `a${i + 1}`));
    // The server stored each offline write exactly once.
    const all = await agent.listMessages(id, { limit: 200 });
    const visitorWrites = all.messages.filter((m) => m.senderType === 'customer').map((m) => m.content);
    expect(visitorWrites.sort()).toEqual(['v0', 'v1', 'v2', 'v3']);
    expect(all.messages.map((m) => m.seq)).toEqual(Array.from({ length: all.messages.length }, (_, i) => i + 1));
  }, 30_000);

  it('falls back to long-poll when WebSockets fail, and still sends and receives', async () => {
    const { visitor, agent, id } = await visitorAndAgent();
    const v = track(
      visitor.connect({
        conversationId: id,
        wsPath: '/api/ws-is-blocked',
        longPollAfterFailures: 2,
        longPollWaitSeconds: 5,
        ...fast,
      }),
    );
    const got = collect(v);
    await until(() => v.state === 'long-polling', 5000, 'long-poll mode');
    await agent.sendMessage(id, { content: 'over long-poll' });
    await until(() => got.contents.includes('over long-poll'));
    const mine = await v.send('sent while polling');
    expect(mine.content).toBe('sent while polling');
    await until(() => got.contents.includes('sent while polling'));
    expect(got.seqs).toEqual([1, 2]);
  }, 20_000);

  it('over long-poll, typing, assignment, read receipts and status changes arrive too, in order, like on a socket', async () => {
    const { visitor, agent, id } = await visitorAndAgent();
    const v = track(
      visitor.connect({
        conversationId: id,
        wsPath: '/api/ws-is-blocked',
        longPollAfterFailures: 1,
        longPollWaitSeconds: 2,
        ...fast,
      }),
    );
    const seen: string[] = [];
    v.on('message', (f) => seen.push(`message:${f.data.content}`));
    v.on('typing', (f) => seen.push(`typing:${f.data.isTyping}`));
    v.on('agent_assigned', (f) => seen.push(`agent_assigned:${f.data.agentName}`));
    v.on('status_change', (f) => seen.push(`status_change:${f.data.status}`));
    v.on('read', (f) => seen.push(`read:${f.data.readerType}`));
    await until(() => v.state === 'long-polling', 5000, 'long-poll mode');
    const mine = await v.send('hello from a strict network');
    // An agent connection that starts following a conversation while it is polling polls that one too.
    const a = track(
      agent.connect({ wsPath: '/api/ws-is-blocked', longPollAfterFailures: 1, longPollWaitSeconds: 2, ...fast }),
    );
    await until(() => a.state === 'long-polling', 5000, 'agent long-poll mode');
    const agentSaw: string[] = [];
    a.on('message', (f) => agentSaw.push(f.data.content));
    a.subscribe(id, mine.seq);
    await agent.updateConversation(id, { agentId: agentCreds.agentId });
    await agent.setTyping(id, true);
    await agent.markRead(id, mine.id);
    await agent.sendMessage(id, { content: 'hi there' });
    await agent.updateConversation(id, { status: 'resolved' });
    await until(() => seen.includes('status_change:resolved'), 10_000, 'the resolve');
    expect(seen).toEqual([
      'message:hello from a strict network',
      'agent_assigned:Sam SDK',
      'status_change:active',
      'typing:true',
      'read:agent',
      'message:hi there',
      'status_change:resolved',
    ]);
    await v.send('one more');
    await until(() => agentSaw.includes('one more'), 5000, 'the agent polling the followed conversation');
  }, 20_000);

  it('while long-polling, it keeps probing the socket and is back on it within seconds once sockets work', async () => {
    const { visitor, agent, id } = await visitorAndAgent();
    let blocked = true;
    class Flaky extends WebSocket {
      constructor(url: string, protocols?: string[]) {
        super(blocked ? url.replace('/api/ws', '/api/ws-is-blocked') : url, protocols);
      }
    }
    const flaky = createNodeClient({
      baseUrl: base,
      token: visitor.token,
      WebSocket: Flaky as unknown as SocketFactory,
    });
    const v = track(
      flaky.connect({
        conversationId: id,
        longPollAfterFailures: 1,
        longPollWaitSeconds: 1,
        retryWebSocketMs: 300,
        ...fast,
      }),
    );
    const got = collect(v);
    await until(() => v.state === 'long-polling', 5000, 'long-poll mode');
    await agent.sendMessage(id, { content: 'while polling' });
    await until(() => got.contents.includes('while polling'), 5000, 'the message over long-poll');
    const states: string[] = [];
    v.on('state', (s) => states.push(s.state));
    blocked = false;
    const back = Date.now();
    await until(() => v.state === 'open', 5000, 'the socket back');
    expect(Date.now() - back).toBeLessThan(3000);
    // Probing never showed "reconnecting": the connection was live (polling) the whole time.
    expect(states).toEqual(['open']);
    await agent.sendMessage(id, { content: 'on the socket again' });
    await until(() => got.contents.includes('on the socket again'), 5000, 'the message over the socket');
    expect(got.contents).toEqual(['while polling', 'on the socket again']);
  }, 20_000);

  it('a send the server refuses leaves the outbox rejected, on the socket and over long-poll, instead of waiting forever', async () => {
    const { visitor, agent, id } = await visitorAndAgent();
    const v = track(visitor.connect({ conversationId: id, ...fast }));
    await v.ready();
    await agent.updateConversation(id, { status: 'closed' });
    const err = await v.send('anyone there?').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'CONVERSATION_CLOSED' });

    const second = await visitorAndAgent();
    const polling = track(
      second.visitor.connect({
        conversationId: second.id,
        wsPath: '/api/ws-is-blocked',
        longPollAfterFailures: 1,
        longPollWaitSeconds: 1,
        ...fast,
      }),
    );
    await until(() => polling.state === 'long-polling', 5000, 'long-poll mode');
    await second.agent.updateConversation(second.id, { status: 'closed' });
    expect(await polling.send('still there?').catch((e: unknown) => e)).toMatchObject({
      status: 409,
      code: 'CONVERSATION_CLOSED',
    });
  }, 20_000);

  it('stops reconnecting when the session ends', async () => {
    const { visitor, id } = await visitorAndAgent();
    const v = track(visitor.connect({ conversationId: id, ...fast }));
    await v.ready();
    const errors: string[] = [];
    v.on('error', (f) => errors.push(f.data.code));
    await visitor.logout();
    await until(() => v.state === 'closed', 5000, 'closed');
    expect(errors).toContain('SESSION_ENDED');
  });

  it('works with any WebSocket implementation passed in', async () => {
    const { visitor, id } = await visitorAndAgent();
    let made = 0;
    class Counting extends WebSocket {
      // Protocols carry the token (Sec-WebSocket-Protocol): a factory must pass them on.
      constructor(url: string, protocols?: string[]) {
        super(url, protocols);
        made++;
      }
    }
    const v = track(visitor.connect({ conversationId: id }));
    void v;
    const custom = createNodeClient({
      baseUrl: base,
      token: visitor.token,
      WebSocket: Counting as unknown as SocketFactory,
    });
    const c = track(custom.connect({ conversationId: id }));
    await c.ready();
    expect(made).toBe(1);
  });
});

it('backs off exponentially with jitter, capped', () => {
  const opts = { initialDelayMs: 100, maxDelayMs: 1000 };
  expect(backoffDelay(1, opts, () => 0)).toBe(50);
  expect(backoffDelay(1, opts, () => 1)).toBe(100);
  expect(backoffDelay(3, opts, () => 1)).toBe(400);
  expect(backoffDelay(10, opts, () => 1)).toBe(1000);
  expect(backoffDelay(10, opts, () => 0)).toBe(500);
});

describe('a server whose database is briefly away', () => {
  it('retries a 503 after its Retry-After, and gives up after the configured retries', async () => {
    const { createServer } = await import('node:http');
    let calls = 0;
    let failFirst = 2;
    const server = createServer((_req, res) => {
      calls++;
      if (calls <= failFirst) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0.1' });
        res.end(
          JSON.stringify({
            error: { code: 'SERVICE_UNAVAILABLE', message: 'later', details: { retryAfterSeconds: 0.1 } },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ conversation: { id: 'c1' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const client = createNodeClient({ baseUrl: url, token: 'scv_x' });
      expect((await client.getConversation('c1')).id).toBe('c1');
      expect(calls).toBe(3);
      calls = 0;
      failFirst = 5;
      const once = createNodeClient({ baseUrl: url, token: 'scv_x', retries: 1 });
      const err = await once.getConversation('c1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('SERVICE_UNAVAILABLE');
      expect(calls).toBe(2);
    } finally {
      server.close();
    }
  });
});
