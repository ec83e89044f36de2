// Open-loop load: message i is due at t0 + i/rate whatever happened before it, and its latency is measured
// from that intended time to its receipt by the other participant, so a stalled server is not hidden by a
// stalled sender (no coordinated omission).
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { processStats, type Pair, type Target } from './targets.js';

export interface LoadOptions {
  rate: number;
  durationMs: number;
  /** How long to wait after the last send for stragglers before counting a message lost. */
  graceMs?: number;
}

export interface LoadResult {
  rate: number;
  conversations: number;
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  reordered: number;
  /** Delivery latency to the other participant, ms. */
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** Sender's ack (stored message) latency, ms. */
  ackP99: number;
  achievedRate: number;
  /** The server's CPU (all its nodes), % of one core over the run. */
  cpuPercent: number;
  /** PostgreSQL's CPU (every postgres process), % of one core; undefined when the database runs inside the server. */
  dbCpuPercent?: number;
  /** This load generator's CPU, % of one core: near 100 %, the generator and not the target is the limit. */
  loadgenCpuPercent: number;
  /** CPU milliseconds per delivered message: the server's, and the server's plus the database's. */
  serverCpuMsPerMessage: number;
  totalCpuMsPerMessage: number;
  /** Resident memory of the server (all nodes) at the end, and the largest any node reached. */
  rssMB: number;
  peakRssMB: number;
}

let runCounter = 0;

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export async function runLoad(target: Target, pairs: Pair[], opts: LoadOptions): Promise<LoadResult> {
  const run = `${process.pid}x${++runCounter}`;
  const marker = `b:${run}:`;
  const total = Math.max(1, Math.round((opts.rate * opts.durationMs) / 1000));
  const n = pairs.length;
  const intended = new Float64Array(total);
  const latency = new Float64Array(total).fill(NaN);
  const ackLatency = new Float64Array(total).fill(NaN);
  const receipts = new Uint8Array(total);
  // Per pair and direction, the last message index received: a smaller one later is a reordering.
  const lastIndex = new Int32Array(n * 2).fill(-1);
  let reordered = 0;
  let duplicated = 0;
  let sent = 0;

  // Message i goes through pair i % n; the visitor and the agent take turns per round.
  const senderIsVisitor = (i: number) => Math.floor(i / n) % 2 === 0;

  const listeners: [WebSocket, (raw: Buffer) => void][] = [];
  pairs.forEach((pair, p) => {
    for (const [socket, isVisitor] of [
      [pair.visitor, true],
      [pair.agent, false],
    ] as const) {
      const onMessage = (raw: Buffer) => {
        const now = performance.now();
        const text = raw.toString();
        const at = text.indexOf(marker);
        if (at < 0) return;
        const i = Number.parseInt(text.slice(at + marker.length), 10);
        if (!(i >= 0 && i < total)) return;
        if (text.startsWith('{"type":"ack"')) {
          if (Number.isNaN(ackLatency[i]!)) ackLatency[i] = now - intended[i]!;
          return;
        }
        if (!text.startsWith('{"type":"message"')) return;
        if (senderIsVisitor(i) === isVisitor) return; // the sender's own copy
        if (receipts[i]! > 0) {
          duplicated++;
          return;
        }
        receipts[i] = 1;
        latency[i] = now - intended[i]!;
        const slot = p * 2 + (isVisitor ? 0 : 1);
        if (i < lastIndex[slot]!) reordered++;
        else lastIndex[slot] = i;
      };
      socket.on('message', onMessage);
      listeners.push([socket, onMessage]);
    }
  });

  const cpuOf = () => target.pids.reduce((sum, pid) => sum + processStats(pid).cpuSeconds, 0);
  const before = cpuOf();
  const dbBefore = target.dbCpuSeconds?.();
  const loadgenBefore = process.cpuUsage();
  const wallStart = performance.now();
  const interval = 1000 / opts.rate;
  const t0 = performance.now() + 20;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * interval <= now) {
        const i = sent++;
        intended[i] = t0 + i * interval;
        const pair = pairs[i % n]!;
        const socket = senderIsVisitor(i) ? pair.visitor : pair.agent;
        socket.send(
          `{"type":"message","id":"m${i}","conversationId":"${pair.conversationId}","data":{"content":"${marker}${i}","clientMessageId":"${run}-${i}"}}`,
        );
      }
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(5, t0 + sent * interval - performance.now())));
      else resolve();
    };
    setTimeout(tick, 20);
  });
  const sendEnd = performance.now();
  const graceUntil = sendEnd + (opts.graceMs ?? 3000);
  while (performance.now() < graceUntil) {
    let done = true;
    for (let i = 0; i < total && done; i++) if (receipts[i] === 0) done = false;
    if (done) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const after = cpuOf();
  const dbAfter = target.dbCpuSeconds?.();
  const loadgen = process.cpuUsage(loadgenBefore);
  const stats = target.pids.map(processStats);
  const wall = (performance.now() - wallStart) / 1000;
  for (const [socket, fn] of listeners) socket.off('message', fn);

  const delivered = receipts.reduce((a, b) => a + b, 0);
  const sorted = latency.filter((x) => !Number.isNaN(x)).sort();
  const acks = ackLatency.filter((x) => !Number.isNaN(x)).sort();
  return {
    rate: opts.rate,
    conversations: n,
    sent: total,
    delivered,
    lost: total - delivered,
    duplicated,
    reordered,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    ackP99: percentile(acks, 99),
    achievedRate: total / ((sendEnd - t0) / 1000),
    cpuPercent: ((after - before) / wall) * 100,
    dbCpuPercent: dbBefore === undefined || dbAfter === undefined ? undefined : ((dbAfter - dbBefore) / wall) * 100,
    loadgenCpuPercent: ((loadgen.user + loadgen.system) / 1e6 / wall) * 100,
    serverCpuMsPerMessage: ((after - before) * 1000) / Math.max(1, delivered),
    totalCpuMsPerMessage: ((after - before + (dbAfter ?? 0) - (dbBefore ?? 0)) * 1000) / Math.max(1, delivered),
    rssMB: stats.reduce((sum, x) => sum + x.rssBytes, 0) / 2 ** 20,
    peakRssMB: Math.max(...stats.map((x) => x.peakRssBytes)) / 2 ** 20,
  };
}
