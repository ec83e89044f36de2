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
import { runLoad, type LoadResult } from './load.js';
import { startRelay, startServer, type Target } from './targets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const write = !args.has('--no-write');
const only = [...args]
  .find((a) => a.startsWith('--targets='))
  ?.split('=')[1]
  ?.split(',');
const wanted = (name: string) => !only || only.includes(name);

const STEADY = { conversations: quick ? 200 : 1000, rate: 500, durationMs: quick ? 4000 : 10_000 };
const CAPACITY = {
  conversations: 200,
  durationMs: quick ? 3000 : 5000,
  rates: [500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000],
};
const P99_LIMIT_MS = 50;

interface TargetReport {
  name: string;
  steady: LoadResult;
  capacity: { rate: number; passed: boolean; result: LoadResult }[];
  capacityRate: number;
}

function fmt(n: number, digits = 1) {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

async function measure(make: () => Promise<Target>): Promise<TargetReport> {
  const target = await make();
  try {
    console.log(`\n== ${target.name}`);
    const pairs = await target.prepare(STEADY.conversations);
    // Warm-up: JIT, connection pools, caches.
    await runLoad(target, pairs, { rate: 200, durationMs: 1500, graceMs: 1000 });
    const steady = await runLoad(target, pairs, { rate: STEADY.rate, durationMs: STEADY.durationMs });
    console.log(
      `steady ${STEADY.conversations} conversations @ ${STEADY.rate}/s: p50 ${fmt(steady.p50)} p99 ${fmt(steady.p99)} p99.9 ${fmt(steady.p999)} ms, lost ${steady.lost}, dup ${steady.duplicated}, reordered ${steady.reordered}, cpu ${fmt(steady.cpuPercent, 0)}%, rss ${fmt(steady.rssMB, 0)} MB`,
    );
    const capPairs = pairs.slice(0, CAPACITY.conversations);
    const capacity: TargetReport['capacity'] = [];
    let capacityRate = 0;
    for (const rate of CAPACITY.rates) {
      const result = await runLoad(target, capPairs, { rate, durationMs: CAPACITY.durationMs });
      const passed =
        result.lost === 0 &&
        result.duplicated === 0 &&
        result.p99 <= P99_LIMIT_MS &&
        result.achievedRate >= rate * 0.95;
      capacity.push({ rate, passed, result });
      console.log(
        `  capacity step ${rate}/s: p99 ${fmt(result.p99)} ms, lost ${result.lost}, achieved ${fmt(result.achievedRate, 0)}/s, cpu ${fmt(result.cpuPercent, 0)}% -> ${passed ? 'ok' : 'over'}`,
      );
      if (!passed) break;
      capacityRate = rate;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const p of pairs) {
      p.visitor.terminate();
      p.agent.terminate();
    }
    return { name: target.name, steady, capacity, capacityRate };
  } finally {
    await target.close();
  }
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

function table(reports: TargetReport[]) {
  const baseline = reports.find((r) => r.name.startsWith('ws relay'));
  const head =
    '| target | p50 ms | p99 ms | p99.9 ms | max ms | ack p99 ms | lost | dup | reordered | server CPU % | server RSS MB | capacity msgs/s (p99 ≤ 50 ms, none lost) | p99 vs baseline | capacity vs baseline |';
  const sep = `|${'---|'.repeat(14)}`;
  const rows = reports.map((r) => {
    const s = r.steady;
    const ratioP99 = baseline && baseline !== r ? `${fmt(s.p99 / baseline.steady.p99, 2)}×` : '1×';
    const ratioCap =
      baseline && baseline !== r && baseline.capacityRate
        ? `${fmt(r.capacityRate / baseline.capacityRate, 2)}×`
        : baseline === r
          ? '1×'
          : 'n/a';
    const capacity =
      r.capacityRate === CAPACITY.rates[CAPACITY.rates.length - 1] ? `≥ ${r.capacityRate}` : String(r.capacityRate);
    return `| ${r.name} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.p999)} | ${fmt(s.max)} | ${fmt(s.ackP99)} | ${s.lost} | ${s.duplicated} | ${s.reordered} | ${fmt(s.cpuPercent, 0)} | ${fmt(s.peakRssMB, 0)} | ${capacity} | ${ratioP99} | ${ratioCap} |`;
  });
  return [head, sep, ...rows].join('\n');
}

function capacityDetail(reports: TargetReport[]) {
  return reports
    .map(
      (r) =>
        `- ${r.name}: ${r.capacity
          .map(
            (c) =>
              `${c.rate}/s → p99 ${fmt(c.result.p99)} ms, lost ${c.result.lost}, CPU ${fmt(c.result.cpuPercent, 0)}%${c.passed ? '' : ' ✗'}`,
          )
          .join('; ')}`,
    )
    .join('\n');
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
  if (!['relay', 'pglite', 'postgres'].some(wanted)) return;
  const reports: TargetReport[] = [];
  let pgVersion: string | undefined;
  if (wanted('relay')) reports.push(await measure(startRelay));
  if (wanted('pglite')) reports.push(await measure(() => startServer({ name: 'support-chat, PGlite' })));
  if (wanted('postgres')) {
    const r = await withScratchDatabase(async (url) => {
      const sql = postgres(url, { max: 1 });
      pgVersion = (await sql<{ v: string }[]>`select version() as v`)[0]?.v.split(' on ')[0];
      await sql.end();
      return measure(() => startServer({ name: 'support-chat, PostgreSQL', databaseUrl: url }));
    });
    if (r) reports.push(r);
  }

  const section = [
    `## Realtime delivery (${when})`,
    '',
    `Command: \`${command}\`. Steady state: ${STEADY.conversations} conversations (1 visitor + 1 agent socket each), ` +
      `${STEADY.rate} msgs/s open-loop for ${STEADY.durationMs / 1000} s, senders alternating; latency from the intended ` +
      `send time to receipt by the other participant. Every message is fanned out to both sockets of its ` +
      `conversation (2 recipients); support-chat persists it (seq under a row lock, committed) before the ack and ` +
      `the fan-out. Capacity: ${CAPACITY.conversations} conversations, ${CAPACITY.durationMs / 1000} s per step, the ` +
      `highest step with p99 ≤ ${P99_LIMIT_MS} ms, nothing lost or doubled, and the offered rate actually sent.`,
    '',
    machine(pgVersion),
    '',
    table(reports),
    '',
    'Capacity steps:',
    '',
    capacityDetail(reports),
    '',
  ].join('\n');
  console.log(`\n${table(reports)}`);

  if (write) writeSection('realtime', section);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
