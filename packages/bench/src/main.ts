// `npm run bench`: support-chat (PGlite, PostgreSQL) against a bare ws relay, in one run, on this machine, and the
// agent console in Chromium. Prints tables and writes docs/benchmarks.md. Options: --quick (shorter runs),
// --targets=relay,pglite,postgres,console,analytics,
// --no-write. PostgreSQL comes from BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local server); a scratch
// database is created and dropped.
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { measureAnalytics, type AnalyticsReport } from './analytics.js';
import { measureConsole, type ConsoleReport } from './console.js';
import net from 'node:net';
import {
  capacityDetail,
  measureRun,
  median,
  realtimeSettings,
  realtimeTable,
  searchDetail,
  spread,
  type TargetReport,
} from './realtime.js';
import {
  measureCluster,
  measureIdleSockets,
  measureLongConversations,
  medianOf,
  type ClusterPoint,
  type LongReport,
  type SocketMemory,
} from './scenarios.js';
import { measureRest, type RestResult } from './rest.js';
import { startRelay, startServer } from './targets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const write = !args.has('--no-write');
const only = [...args]
  .find((a) => a.startsWith('--targets='))
  ?.split('=')[1]
  ?.split(',');
const wanted = (name: string) => !only || only.includes(name);

const runs = Number([...args].find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 3);
const REALTIME = realtimeSettings(quick);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function fmt(n: number, digits = 1) {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

async function withScratchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T | undefined> {
  const base =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const name = `sc_bench_${Date.now().toString(36)}`;
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (err) {
    console.warn(
      `PostgreSQL not reachable at ${base.replace(/:[^:@/]*@/, ':***@')}: ${(err as Error).message}; skipping`,
    );
    await admin.end();
    return undefined;
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  try {
    return await fn(u.toString());
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

/** A scratch database that outlives the callback's scope: the caller drops it. */
async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const base =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const name = `sc_bench_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch {
    await admin.end();
    return undefined;
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

async function redisReachable(url: string) {
  const { hostname, port } = new URL(url);
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function machine(pgVersion?: string) {
  const cpus = os.cpus();
  let kernel = os.release();
  try {
    kernel = execSync('uname -sr', { encoding: 'utf8' }).trim();
  } catch {
    // keep os.release()
  }
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} (as seen by the OS)`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${kernel}; Node ${process.version}`,
    ...(pgVersion ? [`- PostgreSQL: ${pgVersion}`] : []),
    '- The load generator (or browser), the server under test and PostgreSQL share these cores; ratios against the baseline in the same run are the figures to trust.',
  ].join('\n');
}

function consoleSection(r: ConsoleReport, command: string, when: string) {
  const [short, long] = [r.open[0]!, r.open[r.open.length - 1]!];
  return [
    `## Agent console (${when})`,
    '',
    `Command: \`${command}\`. The console page in Debian Chromium ${r.chromium} (headless) against support-chat on PGlite; ` +
      'time from clicking a conversation in the queue to its newest message laid out and painted, from a fresh page load ' +
      `each run (median of ${long.runs.length}). The thread fetches the newest 50 messages and keeps at most 100 in the DOM; ` +
      'earlier ones come a page at a time as the agent scrolls up.',
    '',
    machine(),
    '',
    '| measure | value |',
    '|---|---|',
    `| console.js (Lit, SDK, every console element, emoji picker) | ${(r.bundleBytes / 1024).toFixed(1)} KB, ${(r.bundleGzipBytes / 1024).toFixed(1)} KB gzip |`,
    ...r.open.map(
      (o) =>
        `| open a ${o.messages.toLocaleString('en')}-message conversation | ${fmt(o.medianMs)} ms median (${o.runs.map((x) => x.toFixed(0)).join(', ')}), ${o.domMessages} messages in the DOM |`,
    ),
    `| 1,000 vs 10 messages | ${fmt(long.medianMs / short.medianMs, 2)}× |`,
    `| render all 1,000 messages in one go (what paging avoids) | ${fmt(r.renderAllMs)} ms |`,
    `| render one page (100 messages) | ${fmt(r.renderPageMs)} ms (${fmt(r.renderAllMs / r.renderPageMs, 1)}× less) |`,
    '',
  ].join('\n');
}

function writeSection(marker: string, section: string) {
  const file = path.join(root, 'docs/benchmarks.md');
  let doc: string;
  try {
    doc = readFileSync(file, 'utf8');
  } catch {
    doc = '# Benchmarks\n\nMeasured on the machine described in each section; rerun with the command shown.\n';
  }
  if (!doc.includes(`<!-- ${marker} -->`)) doc += `\n<!-- ${marker} -->\n<!-- /${marker} -->\n`;
  doc = doc.replace(
    new RegExp(`<!-- ${marker} -->[\\s\\S]*<!-- /${marker} -->`),
    () => `<!-- ${marker} -->\n${section}<!-- /${marker} -->`,
  );
  writeFileSync(file, doc);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)} (${marker})`);
}

/** Issue 14's targets: every 90-day report under 300 ms on PostgreSQL (200k conversations), under 1 s on PGlite. */
const ANALYTICS = {
  postgres: { conversations: quick ? 20_000 : 200_000, limitMs: 300 },
  pglite: { conversations: quick ? 2_000 : 20_000, limitMs: 1000 },
  liveLimitMs: 50,
  days: 365,
  runs: quick ? 3 : 7,
};

function analyticsSection(reports: AnalyticsReport[], command: string, when: string, pgVersion?: string) {
  const limit = (r: AnalyticsReport, name: string) =>
    name === 'live overview'
      ? ANALYTICS.liveLimitMs
      : r.target === 'PostgreSQL'
        ? ANALYTICS.postgres.limitMs
        : ANALYTICS.pglite.limitMs;
  const names = reports[0]?.timings.map((t) => t.name) ?? [];
  return [
    `## Analytics reports (${when})`,
    '',
    `Command: \`${command}\`. A generated history (packages/server/src/tools/history.ts: ${ANALYTICS.days} days, ` +
      'agents with online hours, about ten messages a conversation, ratings, tickets) is written into a fresh ' +
      'database and rolled up by day; the server then answers each report for the last 90 days, warm, ' +
      `${ANALYTICS.runs} times in a row over HTTP from this machine (median and slowest). Targets: ` +
      `${ANALYTICS.postgres.limitMs} ms on PostgreSQL, ${ANALYTICS.pglite.limitMs} ms on PGlite, ${ANALYTICS.liveLimitMs} ms for the live overview.`,
    '',
    machine(pgVersion),
    '',
    '| history | conversations | messages | generated in | roll-ups (days, time) |',
    '|---|---|---|---|---|',
    ...reports.map(
      (r) =>
        `| ${r.target} | ${r.conversations.toLocaleString('en')} | ${r.messages.toLocaleString('en')} | ${fmt(r.generatedMs / 1000)} s | ${r.rolledUpDays} days, ${fmt(r.rollupMs / 1000)} s |`,
    ),
    '',
    `| report | ${reports.map((r) => `${r.target} median / slowest ms`).join(' | ')} |`,
    `|---|${reports.map(() => '---|').join('')}`,
    ...names.map(
      (n) =>
        `| ${n} | ${reports
          .map((r) => {
            const t = r.timings.find((x) => x.name === n)!;
            return `${fmt(t.medianMs)} / ${fmt(t.maxMs)}${t.maxMs <= limit(r, n) ? '' : ' ✗'}`;
          })
          .join(' | ')} |`,
    ),
    '',
    ...reports
      .filter((r) => r.plans)
      .map((r) => `Query plans on ${r.target} (the same history, after the timings):\n\n${r.plans}`),
  ].join('\n');
}

async function main() {
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const command = `npm run bench${quick ? ' -- --quick' : ''}${only ? ` -- --targets=${only.join(',')}` : ''}`;
  if (wanted('analytics')) {
    const reports: AnalyticsReport[] = [];
    let version: string | undefined;
    const pg = await withScratchDatabase(async (url) => {
      const sql = postgres(url, { max: 1 });
      version = (await sql<{ v: string }[]>`select version() as v`)[0]?.v.split(' on ')[0];
      await sql.end();
      return measureAnalytics({
        target: 'PostgreSQL',
        databaseUrl: url,
        conversations: ANALYTICS.postgres.conversations,
        days: ANALYTICS.days,
        runs: ANALYTICS.runs,
      });
    });
    if (pg) reports.push(pg);
    reports.push(
      await measureAnalytics({
        target: 'PGlite',
        conversations: ANALYTICS.pglite.conversations,
        days: ANALYTICS.days,
        runs: ANALYTICS.runs,
      }),
    );
    if (write) writeSection('analytics', analyticsSection(reports, command, when, version));
  }
  if (wanted('console')) {
    const r = await measureConsole({ runs: quick ? 3 : 7 });
    if (write) writeSection('console', consoleSection(r, command, when));
  }
  if (wanted('rest')) {
    const rest = await withScratchDatabase((url) =>
      measureRest({ databaseUrl: url, durationS: quick ? 5 : 10, connections: 20, runs }),
    );
    if (rest && write) writeSection('rest', restSection(rest, command, when));
  }
  const realtimeTargets = ['relay', 'pglite', 'postgres', 'cluster', 'long', 'sockets'];
  if (!realtimeTargets.some(wanted)) return;
  const reports: TargetReport[] = [];
  let pgVersion: string | undefined;
  const report = (name: string) => {
    let r = reports.find((x) => x.name === name);
    if (!r) reports.push((r = { name, runs: [] }));
    return r;
  };
  // Runs interleave the targets (relay, PGlite, PostgreSQL, relay, …) so that a slow minute on the machine
  // falls on all of them rather than on one.
  for (let run = 0; run < runs; run++) {
    console.log(`\n##### run ${run + 1} of ${runs}`);
    if (wanted('relay')) report('ws relay (baseline)').runs.push(await measureRun(REALTIME, startRelay));
    if (wanted('pglite'))
      report('support-chat, PGlite').runs.push(
        await measureRun(REALTIME, () => startServer({ name: 'support-chat, PGlite' })),
      );
    if (wanted('postgres')) {
      const r = await withScratchDatabase(async (url) => {
        const sql = postgres(url, { max: 1 });
        pgVersion = (await sql<{ v: string }[]>`select version() as v`)[0]?.v.split(' on ')[0];
        await sql.end();
        return measureRun(REALTIME, () => startServer({ name: 'support-chat, PostgreSQL', databaseUrl: url }));
      });
      if (r) report('support-chat, PostgreSQL').runs.push(r);
    }
  }

  let cluster: ClusterPoint[] | undefined;
  if (wanted('cluster')) {
    if (!(await redisReachable(REDIS_URL)))
      console.warn(`Redis not reachable at ${REDIS_URL}; skipping the nodes scenario`);
    else {
      const drops = new Map<string, () => Promise<void>>();
      cluster = await measureCluster({
        databaseUrl: async () => {
          const db = await createScratchDatabase();
          if (!db) throw new Error('PostgreSQL is needed for the nodes scenario');
          drops.set(db.url, db.drop);
          return db.url;
        },
        dropDatabase: async (url) => drops.get(url)?.(),
        redisUrl: REDIS_URL,
        rate: CLUSTER.rate,
        durationMs: REALTIME.steady.durationMs,
        conversations: REALTIME.capacity.conversations,
      });
    }
  }
  const long = wanted('long')
    ? await withScratchDatabase((url) =>
        measureLongConversations({
          databaseUrl: url,
          conversations: 50,
          messagesEach: 10_000,
          rate: 500,
          durationMs: REALTIME.steady.durationMs,
          rounds: quick ? 2 : 3,
        }),
      )
    : undefined;
  const sockets = wanted('sockets')
    ? await withScratchDatabase((url) => measureIdleSockets({ databaseUrl: url, count: quick ? 1000 : 2000 }))
    : undefined;

  const section = realtimeSection(command, when, pgVersion, reports, cluster, long, sockets);
  console.log(`\n${realtimeTable(REALTIME, reports)}`);
  if (write) writeSection('realtime', section);
}

const CLUSTER = { rate: 1000 };

function restSection(results: RestResult[], command: string, when: string) {
  const calls = [...new Set(results.map((r) => r.call))];
  const of = (target: string, call: string) => results.filter((r) => r.target === target && r.call === call);
  return [
    `## REST throughput (${when})`,
    '',
    `Command: \`${command}\`. autocannon, 20 connections, ${quick ? 5 : 10} s per call, ${runs} run${runs > 1 ? 's' : ''} ` +
      '(min / median / max), calls alternating between the targets. support-chat on PostgreSQL, as an agent (bearer ' +
      'token): every POST stores a message (group commit, fan-out, integrations), every GET reads the newest 50 of ' +
      'a conversation with its access check. The baseline is a bare Fastify answering the same two calls from memory ' +
      '(`packages/bench/src/bare-fastify.ts`).',
    '',
    machine(),
    '',
    '| call | bare Fastify req/s | support-chat req/s | ratio (medians) | support-chat p99 ms | support-chat CPU % | errors |',
    '|---|---|---|---|---|---|---|',
    ...calls.map((call) => {
      const bare = of('bare Fastify', call);
      const sc = of('support-chat', call);
      const ratio = median(sc.map((r) => r.requestsPerSecond)) / median(bare.map((r) => r.requestsPerSecond));
      return `| ${call} | ${spread(
        bare.map((r) => r.requestsPerSecond),
        0,
      )} | ${spread(
        sc.map((r) => r.requestsPerSecond),
        0,
      )} | ${fmt(ratio, 3)}× | ${spread(
        sc.map((r) => r.p99Ms),
        0,
      )} | ${spread(
        sc.map((r) => r.serverCpuPercent),
        0,
      )} | ${sc.reduce((a, r) => a + r.errors, 0)} |`;
    }),
    '',
  ].join('\n');
}

function realtimeSection(
  command: string,
  when: string,
  pgVersion: string | undefined,
  reports: TargetReport[],
  cluster: ClusterPoint[] | undefined,
  long: LongReport | undefined,
  sockets: SocketMemory[] | undefined,
) {
  const s = REALTIME;
  const out = [
    `## Realtime delivery (${when})`,
    '',
    `Command: \`${command}\`, ${runs} run${runs > 1 ? 's' : ''} per target (a fresh server each time, targets interleaved); ` +
      'figures are **min / median / max** over the runs. ' +
      `Steady state: ${s.steady.conversations} conversations (1 visitor + 1 agent socket each), ` +
      `${s.steady.rate} msgs/s open-loop for ${s.steady.durationMs / 1000} s, senders alternating; latency from the intended ` +
      'send time to receipt by the other participant. Every message is fanned out to both sockets of its ' +
      'conversation (2 recipients); support-chat persists it (seq under a row lock, committed) before the ack and ' +
      `the fan-out. Capacity: ${s.capacity.conversations} conversations, ${s.capacity.durationMs / 1000} s per step, the ` +
      `highest step with p99 ≤ ${s.p99LimitMs} ms, nothing lost or doubled, and the offered rate actually sent; a failed ` +
      'step is tried once more before the search stops. CPU is % of one core: the server (all its nodes), PostgreSQL ' +
      '(every postgres process on the machine; PGlite runs inside the server, so its CPU is in the server column) ' +
      'and this load generator (near 100 % it, not the target, is the limit).',
    '',
    machine(pgVersion),
    '',
    realtimeTable(s, reports),
    '',
    'Capacity steps:',
    '',
    capacityDetail(reports),
    '',
  ];
  const search = searchDetail(reports);
  if (search)
    out.push(
      "Search freshness — from a message's acknowledgement until `GET /api/search` finds it (messages are indexed after " +
        'commit, in batches):',
      '',
      search,
      '',
    );
  if (cluster?.length) {
    out.push(
      `Nodes — one PostgreSQL and Redis, ${s.capacity.conversations} conversations with the visitor on one node and the ` +
        `agent on the next, ${CLUSTER.rate} msgs/s for ${s.steady.durationMs / 1000} s (one run each):`,
      '',
      '| nodes | p50 ms | p99 ms | lost | server CPU ms per message (all nodes) | per node | PostgreSQL CPU ms per message |',
      '|---|---|---|---|---|---|---|',
      ...cluster.map(
        (c) =>
          `| ${c.nodes} | ${fmt(c.result.p50)} | ${fmt(c.result.p99)} | ${c.result.lost} | ${fmt(c.result.serverCpuMsPerMessage, 3)} | ${c.perNodeCpuMs.map((x) => fmt(x, 3)).join(', ')} | ${fmt(c.result.totalCpuMsPerMessage - c.result.serverCpuMsPerMessage, 3)} |`,
      ),
      '',
    );
  }
  if (long) {
    const row = (label: string, rs: typeof long.fresh) =>
      `| ${label} | ${spread(rs.map((r) => r.p50))} | ${spread(rs.map((r) => r.p99))} | ${rs.reduce((a, r) => a + r.lost, 0)} | ${spread(
        rs.map((r) => r.totalCpuMsPerMessage),
        3,
      )} |`;
    out.push(
      `Long conversations — on PostgreSQL, 50 conversations holding ${long.messagesEach.toLocaleString('en')} messages each ` +
        'and 50 new ones, the same load (500 msgs/s) on each half in turn, on one server:',
      '',
      '| conversations | p50 ms | p99 ms | lost | CPU ms per message (server + database) |',
      '|---|---|---|---|---|',
      row('new', long.fresh),
      row(`${long.messagesEach.toLocaleString('en')} messages`, long.long),
      `| long vs new (medians) | | ${fmt(medianOf(long.long, (r) => r.p99) / medianOf(long.fresh, (r) => r.p99), 2)}× | | ${fmt(medianOf(long.long, (r) => r.totalCpuMsPerMessage) / medianOf(long.fresh, (r) => r.totalCpuMsPerMessage), 2)}× |`,
      '',
    );
  }
  if (sockets?.length) {
    const base = sockets.find((x) => x.name.startsWith('ws relay'));
    out.push(
      'Idle sockets — JS heap added per open, idle socket (heap in use after a full collection, read through the inspector, before and after opening them):',
      '',
      '| server | sockets | KB per socket | vs relay |',
      '|---|---|---|---|',
      ...sockets.map(
        (x) =>
          `| ${x.name} | ${x.sockets} | ${fmt(x.kbPerSocket)} | ${base ? `${fmt(x.kbPerSocket / base.kbPerSocket, 2)}×` : ''} |`,
      ),
      '',
    );
  }
  return out.join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
