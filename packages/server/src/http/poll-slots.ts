// Held long-poll requests, counted per caller: a client needs one or two at a time; thousands held by one caller only
// tie up the node. Shared by every long-poll route (messages and events), and aborted together on shutdown.
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.js';
import { principalKey, type Caller } from '../identity/caller.js';

export class PollSlots {
  private readonly held = new Set<AbortController>();
  private readonly byCaller = new Map<string, number>();

  /** @param perVisitor how many one visitor may hold; staff (who follow many conversations) get ten times as many. */
  constructor(private readonly perVisitor: number) {}

  async hold<T>(caller: Caller, raw: IncomingMessage, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const key = principalKey(caller);
    const count = this.byCaller.get(key) ?? 0;
    if (count >= this.perVisitor * (caller.kind === 'user' ? 10 : 1)) {
      throw new AppError(
        'RATE_LIMITED',
        'Too many waiting requests; let one finish first',
        { retryAfterSeconds: 1 },
        { 'retry-after': '1' },
      );
    }
    this.byCaller.set(key, count + 1);
    const abort = new AbortController();
    this.held.add(abort);
    raw.once('close', () => abort.abort());
    try {
      return await run(abort.signal);
    } finally {
      this.held.delete(abort);
      const left = (this.byCaller.get(key) ?? 1) - 1;
      if (left > 0) this.byCaller.set(key, left);
      else this.byCaller.delete(key);
    }
  }

  /** Shutdown: every held request answers now. */
  abortAll() {
    for (const a of this.held) a.abort();
  }
}
