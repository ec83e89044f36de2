// REST throughput: `POST /api/chat/:id/message` and `GET /api/chat/:id/messages` on support-chat (PostgreSQL)
// against the same two calls on a bare Fastify answering from memory, with autocannon, in one run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { processStats, startProcess, startServer } from './targets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RestResult {
  target: string;
  call: string;
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  serverCpuPercent: number;
}

async function cannon(
  target: string,
  call: string,
  pid: number,
  opts: { url: string; method: 'GET' | 'POST'; body?: string; token?: string; durationS: number; connections: number },
): Promise<RestResult> {
  const before = processStats(pid).cpuSeconds;
  const started = performance.now();
  const result = await autocannon({
    url: opts.url,
    method: opts.method,
    body: opts.body,
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    connections: opts.connections,
    duration: opts.durationS,
  });
  const wall = (performance.now() - started) / 1000;
  const out = {
    target,
    call,
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    serverCpuPercent: ((processStats(pid).cpuSeconds - before) / wall) * 100,
  };
  console.log(
    `  ${target} ${call}: ${out.requestsPerSecond.toFixed(0)} req/s, p99 ${out.p99Ms} ms, errors ${out.errors}, server cpu ${out.serverCpuPercent.toFixed(0)}%`,
  );
  return out;
}

export async function measureRest(opts: {
  databaseUrl: string;
  durationS: number;
  connections: number;
  runs: number;
}): Promise<RestResult[]> {
  const { child, match } = await startProcess(
    process.execPath,
    ['--import', 'tsx', 'src/bare-fastify.ts', '0'],
    path.join(root, 'packages/bench'),
    {},
    /bare fastify listening on (\d+)/,
  );
  const bare = `http://127.0.0.1:${match[1]}`;
  const server = await startServer({ name: 'support-chat, PostgreSQL (REST)', databaseUrl: opts.databaseUrl });
  const results: RestResult[] = [];
  try {
    console.log('\n== REST');
    const { conversation } = await server.http('POST', '/api/chat/start', { customerName: 'Rest', message: 'hello' });
    const token = server.admin.token;
    // A page's worth of history for the reads.
    for (let i = 0; i < 50; i++) {
      await server.http('POST', `/api/chat/${conversation.id}/message`, { content: `earlier ${i}` }, token);
      await fetch(`${bare}/m`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: `earlier ${i}` }),
      });
    }
    const body = JSON.stringify({ content: 'How can I help?' });
    const common = { durationS: opts.durationS, connections: opts.connections };
    const scPid = server.pids[0]!;
    for (let run = 0; run < opts.runs; run++) {
      results.push(
        await cannon('bare Fastify', 'POST message', child.pid!, { ...common, url: `${bare}/m`, method: 'POST', body }),
        await cannon('support-chat', 'POST message', scPid, {
          ...common,
          url: `${server.base}/api/chat/${conversation.id}/message`,
          method: 'POST',
          body,
          token,
        }),
        await cannon('bare Fastify', 'GET messages', child.pid!, { ...common, url: `${bare}/m`, method: 'GET' }),
        await cannon('support-chat', 'GET messages', scPid, {
          ...common,
          url: `${server.base}/api/chat/${conversation.id}/messages?limit=50`,
          method: 'GET',
          token,
        }),
      );
    }
    return results;
  } finally {
    child.kill('SIGTERM');
    await server.close();
  }
}
