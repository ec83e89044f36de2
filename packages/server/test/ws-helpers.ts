// A WebSocket test client that keeps every frame, so tests can wait for the one they expect.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { wsAuthProtocolPrefix, wsProtocol } from '@support-chat/protocol/constants';
import { createTestApp, login, type TestApp } from './helpers.js';

export interface Frame {
  type: string;
  conversationId?: string;
  data: any;
  timestamp: string;
}

export class TestSocket {
  readonly frames: Frame[] = [];
  closeCode?: number;
  closeReason?: string;
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private closeWaiters: ((code: number) => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = String(reason);
      for (const w of this.closeWaiters) w(code);
    });
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or still to come) that matches. */
  next(pred: (f: Frame) => boolean, timeoutMs = 5000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  of(type: string) {
    return this.frames.filter((f) => f.type === type);
  }

  closed(timeoutMs = 5000): Promise<number> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.closeWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  close() {
    this.ws.terminate();
  }
}

export async function listen(app: FastifyInstance): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export interface ConnectOptions {
  token?: string;
  conversationId?: string;
  afterSeq?: number;
  origin?: string;
  headers?: Record<string, string>;
  autoPong?: boolean;
}

/** Opens a socket; resolves once the server said hello, or rejects with the handshake's HTTP status. */
export function connect(host: string, opts: ConnectOptions = {}): Promise<TestSocket> {
  const q = new URLSearchParams();
  if (opts.conversationId) q.set('conversationId', opts.conversationId);
  if (opts.afterSeq !== undefined) q.set('afterSeq', String(opts.afterSeq));
  // The token rides in Sec-WebSocket-Protocol, as the SDK sends it (never in the URL).
  const protocols = opts.token ? [wsProtocol, wsAuthProtocolPrefix + opts.token] : [wsProtocol];
  const ws = new WebSocket(`ws://${host}/api/ws?${q}`, protocols, {
    headers: opts.headers,
    origin: opts.origin,
    autoPong: opts.autoPong ?? true,
  });
  const socket = new TestSocket(ws);
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`handshake refused: ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
    ws.once('error', reject);
    socket.next((f) => f.type === 'hello').then(() => resolve(socket), reject);
  });
}

export async function refused(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
  throw new Error('expected the handshake to be refused');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An app listening on a port, its admin signed in, and the sockets a test opens (all closed with it). */
export interface LiveApp {
  t: TestApp;
  admin: string;
  host: string;
  connect(opts: ConnectOptions): Promise<TestSocket>;
  close(): Promise<void>;
}

export async function liveApp(...args: Parameters<typeof createTestApp>): Promise<LiveApp> {
  const t = await createTestApp(...args);
  const admin = await login(t.app);
  const host = await listen(t.app);
  const sockets: TestSocket[] = [];
  return {
    t,
    admin,
    host,
    async connect(opts) {
      const s = await connect(host, opts);
      sockets.push(s);
      return s;
    },
    async close() {
      for (const s of sockets) s.close();
      await t.close();
    },
  };
}
