// Fills `message_search` after the fact, so a send commits without touching a GIN index (it cost PostgreSQL's
// insert rate a third and the server's capacity more than half — docs/benchmarks.md). Two ways in:
// - soon(): every published message (bus/publish.ts) is indexed in the next batch, FLUSH_MS later, in one
//   statement for the whole batch — what keeps a message findable well within a second;
// - sweep(): every SWEEP_MS, what the last SWEEP_WINDOW_MS of messages lacks — messages whose node stopped before
//   its batch ran, and lines no one published. On start the sweep begins from the newest indexed message.
// Indexing twice is harmless (the message id is the key), so any node may index any message.
import { sql, type SQL } from 'drizzle-orm';
import { messageSearch, messages } from '../../db/schema/index.js';
import { rowsOf } from '../../db/client.js';
import type { Deps } from '../../deps.js';

export const FLUSH_MS = 100;
export const SWEEP_MS = 10_000;
export const SWEEP_WINDOW_MS = 60_000;
const MAX_BATCH = 5_000;

export class SearchIndexer {
  private pending = new Set<string>();
  private flushTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  /** Messages from this time on are looked at by the next sweep. */
  private sweptFrom?: Date;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: Pick<Deps, 'db' | 'clock' | 'log'>) {}

  async start() {
    const [row] = rowsOf<{ at: string | Date | null }>(
      await this.deps.db.execute(sql`select max(${messageSearch.createdAt}) as at from ${messageSearch}`),
    );
    const newest = row?.at ? new Date(row.at) : new Date(0);
    this.sweptFrom = new Date(newest.getTime() - SWEEP_WINDOW_MS);
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
    void this.sweep();
  }

  /** Index these (committed) messages in the next batch. */
  soon(messageIds: Iterable<string>) {
    if (this.stopped) return;
    for (const id of messageIds) this.pending.add(id);
    if (this.pending.size === 0 || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, FLUSH_MS);
    this.flushTimer.unref();
  }

  /** Indexes what is pending now (tests call it to search at once; stop() calls it). */
  flush(): Promise<void> {
    return this.serial(async () => {
      while (this.pending.size) {
        const ids = [...this.pending].slice(0, MAX_BATCH);
        for (const id of ids) this.pending.delete(id);
        await this.index(sql`m.id = any(${sql.param(ids)}::uuid[])`);
      }
    });
  }

  /** Indexes every message since the last sweep's window that is not indexed yet. */
  sweep(): Promise<void> {
    return this.serial(async () => {
      if (!this.sweptFrom) return;
      const started = this.deps.clock.now();
      await this.index(sql`m.created_at >= ${this.sweptFrom.toISOString()}::timestamptz
        and not exists (select 1 from ${messageSearch} s where s.message_id = m.id)`);
      // A message stamped before this sweep but committed after it is still inside the next one's window.
      this.sweptFrom = new Date(started.getTime() - SWEEP_WINDOW_MS);
    });
  }

  /** Indexes the messages `m` that `where` picks (already indexed ones are left as they are). */
  private index(where: SQL) {
    return this.deps.db.execute(sql`insert into ${messageSearch} (message_id, conversation_id, created_at, document)
      select m.id, m.conversation_id, m.created_at, to_tsvector('simple', m.content) from ${messages} m where ${where}
      on conflict (message_id) do nothing`);
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.flushTimer);
    await this.flush();
  }

  /** One database call at a time, and a failure is logged, not thrown: the next flush or sweep catches up. */
  private serial(fn: () => Promise<void>): Promise<void> {
    this.running = this.running.then(fn).catch((err: unknown) => {
      if (!this.stopped) this.deps.log.error({ err }, 'search indexing failed; the next sweep retries');
    });
    return this.running;
  }
}
