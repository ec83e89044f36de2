// What the benchmark drives: support-chat on PGlite, support-chat on PostgreSQL, and the bare relay. Each runs
// in its own process, so its RSS and CPU can be read from /proc apart from the load generator's.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { wsAuthProtocolPrefix, wsProtocol } from '@support-chat/protocol/constants';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Pair {
  conversationId: string;
  visitor: WebSocket;
  agent: WebSocket;
}

export interface Target {
  name: string;
  /** The server processes under test (one per node). */
  pids: number[];
  /** CPU seconds the database has used so far, when it runs in processes of its own (PostgreSQL). */
  dbCpuSeconds?: () => number;
  /**
   * Opens `n` conversations, each with a visitor socket and an agent socket; `beforeSockets` runs between starting
   * the conversations and opening the sockets (to give them history the sockets then begin after).
   */
  prepare(n: number, beforeSockets?: (conversationIds: string[]) => Promise<void>): Promise<Pair[]>;
  close(): Promise<void>;
}

export interface ProcessStats {
  cpuSeconds: number;
  rssBytes: number;
  peakRssBytes: number;
}

const TICKS = 100; // USER_HZ on Linux

export function processStats(pid: number): ProcessStats {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { cpuSeconds, rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

/**
 * CPU seconds of every PostgreSQL process on this machine (backends, WAL writer, checkpointer): what serving the
 * load cost the database, which a per-process reading of the server leaves out. Processes that ended meanwhile are
 * not counted, so read it around a run, not across restarts.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICKS;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

export function startProcess(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise<{ child: ChildProcess; match: RegExpExecArray }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out starting ${args.join(' ')}\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      if (process.env.BENCH_ECHO) process.stderr.write(d);
      out += d;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code}\n${out}`));
    });
  });
}

function stopProcess(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

function open(url: string, token?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, token ? [wsProtocol, wsAuthProtocolPrefix + token] : [], {
      perMessageDeflate: false,
    });
    const onHello = (raw: Buffer) => {
      if (String(raw).includes('"type":"hello"')) {
        ws.off('message', onHello);
        resolve(ws);
      }
    };
    ws.on('message', onHello);
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
  });
}

/** Runs `fn` over items with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export async function startRelay(): Promise<Target & { port: number }> {
  const { child, match } = await startProcess(
    process.execPath,
    ['--import', 'tsx', 'src/relay.ts', '0'],
    path.join(root, 'packages/bench'),
    {},
    /relay listening on (\d+)/,
  );
  const port = Number(match[1]);
  return {
    name: 'ws relay (baseline)',
    pids: [child.pid!],
    port,
    prepare: (n) =>
      pool(
        Array.from({ length: n }, (_, i) => `room-${i}`),
        50,
        async (room) => ({
          conversationId: room,
          visitor: await open(`ws://127.0.0.1:${port}/?room=${room}`),
          agent: await open(`ws://127.0.0.1:${port}/?room=${room}`),
        }),
      ),
    close: () => stopProcess(child),
  };
}

export interface ServerTargetOptions {
  name: string;
  databaseUrl?: string;
  /** Nodes sharing the database (and Redis, required for more than one): visitors on one, their agents on the next. */
  nodes?: number;
  redisUrl?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the benchmark drives the API loosely; its checks are on timings, not shapes
export type Http = (method: string, url: string, body?: unknown, token?: string) => Promise<any>;

/** A support-chat server target, with its address and an HTTP helper for seeding data. */
export interface ServerTarget extends Target {
  base: string;
  http: Http;
  admin: { email: string; password: string; token: string };
  /** The scratch PGlite directory, when there is one. */
  dataDir?: string;
}

const ADMIN = { email: 'bench@example.com', password: 'bench-password-1' };

function httpFor(base: string): Http {
  return async (method, url, body, token) => {
    const res = await fetch(`http://${base}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    // biome-ignore lint/suspicious/noExplicitAny: as above
    return res.json() as Promise<any>;
  };
}

async function startNode(env: NodeJS.ProcessEnv) {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const { child, match } = await startProcess(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'src/main.ts'],
    path.join(root, 'packages/server'),
    env,
    /listening on http:\/\/127\.0\.0\.1:(\d+)/,
  );
  return { child, base: `127.0.0.1:${match[1]}` };
}

export async function startServer(opts: ServerTargetOptions): Promise<ServerTarget> {
  const count = opts.nodes ?? 1;
  const dataDir = opts.databaseUrl ? undefined : mkdtempSync(path.join(os.tmpdir(), 'sc-bench-'));
  const env: NodeJS.ProcessEnv = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    RATE_LIMIT_CHAT_START: '1000000',
    RATE_LIMIT_MESSAGES_PER_MINUTE: '1000000',
    WS_MAX_CONNECTIONS_PER_IP: '1000000',
    WS_MAX_CONNECTIONS_PER_USER: '1000000',
    WS_FRAMES_PER_SECOND: '100000',
    WS_FRAME_BURST: '100000',
    DATABASE_URL: opts.databaseUrl ?? '',
    DATA_DIR: dataDir ?? '',
    REDIS_URL: opts.redisUrl ?? '',
  };
  // The first node migrates; the others then start side by side.
  const first = await startNode(env);
  const nodes = [first, ...(await Promise.all(Array.from({ length: count - 1 }, () => startNode(env))))];
  const http = httpFor(first.base);
  const { token: agentToken } = await http('POST', '/api/auth/login', ADMIN);
  return {
    name: opts.name,
    pids: nodes.map((n) => n.child.pid!),
    dbCpuSeconds: opts.databaseUrl ? postgresCpuSeconds : undefined,
    base: `http://${first.base}`,
    http,
    admin: { ...ADMIN, token: agentToken },
    dataDir,
    prepare: async (n, beforeSockets) => {
      const started = await pool(
        Array.from({ length: n }, (_, i) => i),
        20,
        async (i) => {
          const visitorNode = nodes[i % nodes.length]!.base;
          const { conversation, visitorToken } = await httpFor(visitorNode)('POST', '/api/chat/start', {
            customerName: `Bench ${i}`,
          });
          return { i, id: conversation.id as string, visitorToken: visitorToken as string };
        },
      );
      await beforeSockets?.(started.map((s) => s.id));
      return pool(started, 20, async ({ i, id, visitorToken }) => {
        const visitorNode = nodes[i % nodes.length]!.base;
        const agentNode = nodes[(i + 1) % nodes.length]!.base;
        const visitor = await open(`ws://${visitorNode}/api/ws?conversationId=${id}`, visitorToken);
        const agent = await open(`ws://${agentNode}/api/ws`, agentToken);
        await new Promise<void>((resolve) => {
          const onAck = (raw: Buffer) => {
            if (String(raw).includes('"ref":"sub"')) {
              agent.off('message', onAck);
              resolve();
            }
          };
          agent.on('message', onAck);
          agent.send(JSON.stringify({ type: 'subscribe', id: 'sub', conversationId: id }));
        });
        return { conversationId: id, visitor, agent };
      });
    },
    close: async () => {
      await Promise.all(nodes.map((n) => stopProcess(n.child)));
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
