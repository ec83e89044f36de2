// The scenarios beyond one node and fresh conversations: several nodes on PostgreSQL and Redis, conversations
// 10,000 messages long, and what an idle socket costs in memory.
import postgres from 'postgres';
import { WebSocket } from 'ws';
import { wsAuthProtocolPrefix, wsProtocol } from '@support-chat/protocol/constants';
import { runLoad, type LoadResult } from './load.js';
import { median } from './realtime.js';
import { processStats, startRelay, startServer, type Pair, type Target } from './targets.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function warm(target: Target, pairs: Pair[]) {
  await runLoad(target, pairs, { rate: 200, durationMs: 1500, graceMs: 1000 });
}

function closeAll(pairs: Pair[]) {
  for (const p of pairs) {
    p.visitor.terminate();
    p.agent.terminate();
  }
}

// ---- nodes ---------------------------------------------------------------------------------------------------

export interface ClusterPoint {
  nodes: number;
  result: LoadResult;
  /** Each node's CPU milliseconds per message (all messages of the run). */
  perNodeCpuMs: number[];
}

/**
 * 1, 2, 3 nodes on one PostgreSQL and Redis, visitors on one node and their agents on the next, at one rate:
 * with the bus delivering a conversation's events only to the nodes that hold its sockets, the server CPU per
 * message stays flat as nodes are added instead of every node paying for every message.
 */
export async function measureCluster(opts: {
  databaseUrl: () => Promise<string>;
  dropDatabase: (url: string) => Promise<void>;
  redisUrl: string;
  rate: number;
  durationMs: number;
  conversations: number;
}): Promise<ClusterPoint[]> {
  const points: ClusterPoint[] = [];
  for (const nodes of [1, 2, 3]) {
    const url = await opts.databaseUrl();
    const target = await startServer({
      name: `support-chat, ${nodes} node${nodes > 1 ? 's' : ''}`,
      databaseUrl: url,
      nodes,
      redisUrl: `${opts.redisUrl}`,
    });
    try {
      const pairs = await target.prepare(opts.conversations);
      await warm(target, pairs);
      const cpuBefore = target.pids.map((pid) => processStats(pid).cpuSeconds);
      const result = await runLoad(target, pairs, { rate: opts.rate, durationMs: opts.durationMs });
      const perNodeCpuMs = target.pids.map(
        (pid, i) => ((processStats(pid).cpuSeconds - cpuBefore[i]!) * 1000) / Math.max(1, result.delivered),
      );
      console.log(
        `${target.name} @ ${opts.rate}/s: p99 ${result.p99.toFixed(1)} ms, lost ${result.lost}, server ${result.serverCpuMsPerMessage.toFixed(3)} cpu ms/msg (per node ${perNodeCpuMs.map((x) => x.toFixed(3)).join(', ')}), db ${(result.totalCpuMsPerMessage - result.serverCpuMsPerMessage).toFixed(3)}`,
      );
      points.push({ nodes, result, perNodeCpuMs });
      closeAll(pairs);
    } finally {
      await target.close();
      await opts.dropDatabase(url);
    }
  }
  return points;
}

// ---- long conversations ------------------------------------------------------------------------------------

export interface LongReport {
  messagesEach: number;
  fresh: LoadResult[];
  long: LoadResult[];
}

/**
 * Half the conversations hold `messagesEach` earlier messages (written straight into the database, indexed for
 * search as the server would), half are new; both halves get the same load, alternately, on one server.
 */
export async function measureLongConversations(opts: {
  databaseUrl: string;
  conversations: number;
  messagesEach: number;
  rate: number;
  durationMs: number;
  rounds: number;
}): Promise<LongReport> {
  const target = await startServer({
    name: 'support-chat, PostgreSQL (long conversations)',
    databaseUrl: opts.databaseUrl,
  });
  const sql = postgres(opts.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    // History first, then the sockets: they begin after it, as a client that opens a long conversation does.
    let prefillSeconds = 0;
    const pairs = await target.prepare(opts.conversations * 2, async (all) => {
      const ids = all.slice(0, opts.conversations);
      const started = Date.now();
      await sql`insert into messages (conversation_id, seq, sender_type, sender_id, sender_name, content, message_type,
          attachments, client_message_id, is_private, metadata, created_at)
        select c.id, c.last_seq + g, case when g % 2 = 0 then 'customer' else 'system' end, c.customer_id, 'Filler',
          'earlier message number ' || g || ' about order ' || (g * 7919 % 100000), 'text', '[]', 'filler-' || g, false,
          '{}', now() - interval '1 day' + g * interval '1 ms'
        from conversations c, generate_series(1, ${opts.messagesEach}) g where c.id = any(${ids}::uuid[])`;
      await sql`update conversations set last_seq = last_seq + ${opts.messagesEach} where id = any(${ids}::uuid[])`;
      await sql`insert into message_search (message_id, conversation_id, created_at, document)
        select id, conversation_id, created_at, to_tsvector('simple', content) from messages
        where conversation_id = any(${ids}::uuid[]) on conflict do nothing`;
      await sql`analyze`;
      prefillSeconds = (Date.now() - started) / 1000;
    });
    const long = pairs.slice(0, opts.conversations);
    const fresh = pairs.slice(opts.conversations);
    console.log(
      `\n== long conversations: ${long.length} × ${opts.messagesEach.toLocaleString('en')} messages written in ${prefillSeconds.toFixed(1)} s`,
    );
    await warm(target, pairs);
    const report: LongReport = { messagesEach: opts.messagesEach, fresh: [], long: [] };
    for (let round = 0; round < opts.rounds; round++) {
      for (const [label, set, into] of [
        ['fresh', fresh, report.fresh],
        ['long', long, report.long],
      ] as const) {
        const r = await runLoad(target, set, { rate: opts.rate, durationMs: opts.durationMs });
        into.push(r);
        console.log(
          `  ${label} @ ${opts.rate}/s: p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ms, lost ${r.lost}, ${r.totalCpuMsPerMessage.toFixed(3)} cpu ms/msg`,
        );
        await sleep(500);
      }
    }
    closeAll(pairs);
    return report;
  } finally {
    await sql.end();
    await target.close();
  }
}

// ---- idle sockets --------------------------------------------------------------------------------------------

export interface SocketMemory {
  name: string;
  sockets: number;
  kbPerSocket: number;
}

function openSocket(url: string, token?: string) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, token ? [wsProtocol, wsAuthProtocolPrefix + token] : [], {
      perMessageDeflate: false,
    });
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
  });
}

/**
 * The JS heap in use by a running process after a full collection, read through the inspector: SIGUSR1
 * (process._debugProcess) opens it on 127.0.0.1:9229, then HeapProfiler.collectGarbage and Runtime.getHeapUsage.
 * Resident memory moves with the collector's timing (a run once measured a negative cost per socket); this does not.
 */
async function heapUsedBytes(pid: number): Promise<number> {
  (process as unknown as { _debugProcess(pid: number): void })._debugProcess(pid);
  let url: string | undefined;
  for (let i = 0; i < 100 && !url; i++) {
    try {
      const list = (await (await fetch('http://127.0.0.1:9229/json/list')).json()) as {
        webSocketDebuggerUrl?: string;
      }[];
      url = list[0]?.webSocketDebuggerUrl;
    } catch {
      await sleep(100);
    }
  }
  if (!url) throw new Error(`no inspector for process ${pid}`);
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 0;
  const call = (method: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = ++next;
      const onMessage = (raw: Buffer) => {
        const msg = JSON.parse(String(raw)) as { id?: number; result?: Record<string, unknown> };
        if (msg.id !== id) return;
        ws.off('message', onMessage);
        resolve(msg.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method }));
    });
  await call('HeapProfiler.collectGarbage');
  await sleep(200);
  await call('HeapProfiler.collectGarbage');
  const { usedSize } = (await call('Runtime.getHeapUsage')) as { usedSize: number };
  ws.close();
  return usedSize;
}

/** JS heap per idle socket: `count` authenticated visitor sockets on support-chat, `count` on the relay. */
export async function measureIdleSockets(opts: { databaseUrl: string; count: number }): Promise<SocketMemory[]> {
  const out: SocketMemory[] = [];
  const relay = await startRelay();
  try {
    const { port } = relay;
    const before = await heapUsedBytes(relay.pids[0]!);
    const sockets: WebSocket[] = [];
    for (let i = 0; i < opts.count; i++) sockets.push(await openSocket(`ws://127.0.0.1:${port}/?room=idle-${i}`));
    await sleep(1000);
    out.push({
      name: 'ws relay (baseline)',
      sockets: opts.count,
      kbPerSocket: ((await heapUsedBytes(relay.pids[0]!)) - before) / 1024 / opts.count,
    });
    for (const s of sockets) s.terminate();
  } finally {
    await relay.close();
  }
  const server = await startServer({ name: 'support-chat, PostgreSQL', databaseUrl: opts.databaseUrl });
  try {
    // Conversations first (their cost is the database's, not the sockets'), then the sockets alone.
    const starts: { id: string; token: string }[] = [];
    for (let i = 0; i < opts.count; i++) {
      const { conversation, visitorToken } = await server.http('POST', '/api/chat/start', {
        customerName: `Idle ${i}`,
      });
      starts.push({ id: conversation.id, token: visitorToken });
    }
    const host = server.base.replace(/^http:\/\//, '');
    const before = await heapUsedBytes(server.pids[0]!);
    const sockets: WebSocket[] = [];
    for (const s of starts) sockets.push(await openSocket(`ws://${host}/api/ws?conversationId=${s.id}`, s.token));
    out.push({
      name: 'support-chat (authenticated visitor, subscribed)',
      sockets: opts.count,
      kbPerSocket: ((await sleep(1000), await heapUsedBytes(server.pids[0]!)) - before) / 1024 / opts.count,
    });
    for (const s of sockets) s.terminate();
  } finally {
    await server.close();
  }
  for (const m of out)
    console.log(`  idle socket: ${m.name}: ${m.kbPerSocket.toFixed(1)} KB each (${m.sockets} sockets)`);
  return out;
}

export const medianOf = (results: LoadResult[], f: (r: LoadResult) => number) => median(results.map(f));
