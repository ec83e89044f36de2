// Group commit for chat messages. Sends that arrive while a write is in flight wait and then go together in
// one transaction: one lock statement, one dedupe lookup, one multi-row insert, one seq update. Each send is
// acknowledged only after that commit. Rows are locked in id order, so batches on different nodes cannot
// deadlock, and seqs still come from the locked rows, so they stay gap-free and ordered across nodes.
// Sends that change a conversation's status (a customer reopening a resolved chat) take the single-message
// path of appendMessage, which owns that logic.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { commitPipelined, selectRows, tableRowsOf, type Database, type Tx } from '../../db/client.js';
import { recordset } from '../../db/recordset.js';
import { conversations, messages } from '../../db/schema/index.js';
import { AppError, conversationNotFound } from '../../errors.js';
import type { IntegrationsPort } from '../../deps.js';
import { refreshResponseTime } from '../agents/counters.js';
import { toConversationDto, type ConversationRow, type MessageRow } from './dto.js';
import {
  afterAppend,
  appendMessage,
  ticketsFirstResponse,
  touchesSnooze,
  type AppendResult,
  type MessageInput,
  type Sender,
} from './messages.js';

/** Who is writing: the conversation's own customer (whose id and name live on its row), or a named agent. */
export type Author = { type: 'customer' } | Sender;

export interface AppendRequest {
  conversationId: string;
  input: MessageInput;
  now: Date;
  author: Author;
}

export function senderOf(author: Author, conversation: ConversationRow): Sender {
  return 'id' in author ? author : { type: 'customer', id: conversation.customerId, name: conversation.customerName };
}

interface Queued extends AppendRequest {
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

const MAX_BATCH = 256;

export class MessageWriter {
  private queue: Queued[] = [];
  private running = false;

  constructor(
    private readonly db: Database,
    /** What stored messages owe the outside world (alerts, emails, webhooks), written in the same transaction. */
    private readonly integrations?: Pick<IntegrationsPort, 'afterMessages' | 'emit'>,
    /**
     * PostgreSQL over the network: each round trip costs, so COMMIT is pipelined behind the writes and the batch's
     * statements keep generic plans. In-process PGlite has no round trip to save, and every extra statement costs
     * a pass through its protocol parser: neither is sent there.
     */
    private readonly overNetwork = false,
  ) {}

  append(req: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...req, resolve, reject });
      if (this.running) return;
      this.running = true;
      // Start after this turn of the event loop: every frame and request already read joins the batch.
      // (PGlite runs on this thread, so without the yield each send would commit alone.)
      setImmediate(() => void this.drain());
    });
  }

  private async drain() {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.run(batch);
        // Let the sockets and requests that arrived during the commit join the next batch.
        if (this.queue.length > 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.running = false;
    }
  }

  private async run(batch: Queued[]) {
    const single: Queued[] = [];
    let settled: Settled[] = [];
    try {
      settled = await this.db.transaction((tx) => this.writeBatch(tx, batch, single));
    } catch (err) {
      // Nothing of the batch was stored. One sender's bad value must not fail the others' messages
      // (SECURITY.md item 17): write each on its own, so only the guilty one gets the error.
      single.length = 0;
      if (batch.length === 1) batch[0]!.reject(err);
      else settled = await this.oneByOne(batch, single);
    }
    for (const s of settled) {
      if ('error' in s) s.req.reject(s.error);
      else s.req.resolve(s.result);
    }
    // Status-changing sends, one at a time, each in its own transaction.
    for (const req of single) {
      try {
        req.resolve(
          await this.db.transaction(async (tx) => {
            const [locked] = await tx
              .select()
              .from(conversations)
              .where(eq(conversations.id, req.conversationId))
              .for('update');
            if (!locked) throw conversationNotFound();
            if (locked.status === 'closed')
              throw new AppError('CONVERSATION_CLOSED', 'This conversation is closed; start a new one');
            const result = await appendMessage(tx, locked, senderOf(req.author, locked), req.input, req.now);
            await this.effects(tx, [result], req.now);
            return result;
          }),
        );
      } catch (err) {
        req.reject(err);
      }
    }
  }

  private async writeBatch(tx: Tx, batch: Queued[], single: Queued[]): Promise<Settled[]> {
    const { settled, written } = await writeBatch(tx, batch, single, this.overNetwork);
    // Awaited below; until then a failed write must not count as unhandled.
    written.catch(() => {});
    const results = settled.flatMap((s) => ('result' in s ? [s.result] : []));
    if (results.length) await this.effects(tx, results, batch[0]!.now);
    // Every statement of the batch has been issued: COMMIT goes out behind them, in the same round trip. A failed
    // write rejects `written` (and the server answers the COMMIT with ROLLBACK): nothing of the batch is stored.
    await Promise.all([written, this.overNetwork ? commitPipelined(tx) : undefined]);
    return settled;
  }

  /** New messages' integrations, and a reopened conversation's status change, in the writing transaction. */
  private async effects(tx: Tx, results: AppendResult[], now: Date) {
    if (!this.integrations) return;
    const created = results.filter((r) => r.created);
    await afterAppend(this.integrations, tx, created, now);
    const reopened = created.filter((r) => r.conversation.status !== r.previousStatus);
    if (reopened.length)
      await this.integrations.emit(
        tx,
        reopened.map((r) => ({
          type: 'conversation.status_changed' as const,
          conversationId: r.conversation.id,
          data: { conversation: toConversationDto(r.conversation), previousStatus: r.previousStatus },
        })),
        now,
      );
  }

  private async oneByOne(batch: Queued[], single: Queued[]): Promise<Settled[]> {
    const settled: Settled[] = [];
    for (const req of batch) {
      try {
        settled.push(...(await this.db.transaction((tx) => this.writeBatch(tx, [req], single))));
      } catch (error) {
        settled.push({ req, error });
      }
    }
    return settled;
  }
}

type Settled = { req: Queued; error: unknown } | { req: Queued; result: AppendResult };

type Planned =
  | { req: Queued; error: unknown }
  | { req: Queued; existing: MessageRow }
  | { req: Queued; row: number; created: boolean };

// The batch's statements are written as SQL text rather than with drizzle's builders: their text never changes, and
// building a select or insert of every column cost ~0.2 ms of CPU per statement (more than running it), each batch.
// Rows are read back with the columns' own decoders (tableRowsOf).

/** One statement text for any batch (see recordset), so it is prepared once per connection. */
function insertMessages(tx: Tx, rows: MessageRow[]): Promise<unknown> {
  const records = rows.map((r) => ({
    id: r.id,
    cid: r.conversationId,
    seq: r.seq,
    stype: r.senderType,
    sid: r.senderId,
    sname: r.senderName,
    content: r.content,
    mtype: r.messageType,
    attachments: r.attachments,
    cmid: r.clientMessageId,
    private: r.isPrivate,
    metadata: r.metadata,
    at: r.createdAt,
  }));
  return tx.execute(
    sql`insert into ${messages} (id, conversation_id, seq, sender_type, sender_id, sender_name, content, message_type,
        attachments, client_message_id, is_private, metadata, created_at)
      select id, cid, seq, stype, sid, sname, content, mtype, attachments, cmid, private, metadata, at
        from ${recordset(records)} as r(id uuid, cid uuid, seq int, stype text, sid text, sname text, content text,
          mtype text, attachments jsonb, cmid text, private bool, metadata jsonb, at timestamptz)`,
  );
}

/** The batch's conversations, locked in id order (so batches on different nodes cannot deadlock). */
function lockConversations(tx: Tx, ids: string[]): Promise<ConversationRow[]> {
  return selectRows(tx, conversations, sql`where id = any(${sql.param(ids)}::uuid[]) order by id for update`);
}

/**
 * Earlier messages with the same retry key — conversation, sender and clientMessageId, exactly the unique index — one
 * index probe per key however long the conversation or many the conversations. A customer's id is read from the
 * conversation's row. The LATERAL … LIMIT 1 cannot be flattened into a join, so the planner has no hash join over
 * `messages` or `conversations` to pick: as an IN list it did (1.4 ms per batch at 1,200 conversations, growing).
 */
async function storedRetries(tx: Tx, retries: Queued[]): Promise<MessageRow[]> {
  const keys = retries.map((r) => ({
    cid: r.conversationId,
    stype: r.author.type,
    sid: 'id' in r.author ? r.author.id : null,
    cmid: r.input.clientMessageId!,
  }));
  const result = await tx.execute(
    sql`select m.* from ${recordset(keys)} as k(cid uuid, stype text, sid text, cmid text)
      cross join lateral (select * from ${messages} m
        where m.conversation_id = k.cid and m.sender_type = k.stype and m.client_message_id = k.cmid
          and m.sender_id = coalesce(k.sid, (select c.customer_id from ${conversations} c where c.id = k.cid))
        limit 1) m`,
  );
  return tableRowsOf(messages, result);
}

/**
 * Reads and locks what the batch touches (one round trip), decides each send, and issues the writes without
 * waiting for them: `written` settles when they have run. Messages are built here, ids included, so nothing waits
 * for a RETURNING before the COMMIT can follow the writes.
 */
async function writeBatch(
  tx: Tx,
  batch: Queued[],
  single: Queued[],
  overNetwork: boolean,
): Promise<{ settled: Settled[]; written: Promise<unknown> }> {
  const ids = [...new Set(batch.map((r) => r.conversationId))].sort();
  const retries = batch.filter((r) => r.input.clientMessageId !== undefined);
  // Issued together, so postgres.js pipelines them on the transaction's connection; the server still runs them
  // in order, so the dedupe lookup reads after the row locks are held. Both keep one statement text whatever the
  // batch (an id array, a JSON recordset), so each is prepared once per connection.
  const [, locked, earlier] = await Promise.all([
    // These texts' best plans never depend on the values (primary-key and unique-index probes), but the lock's
    // `= any(array)` kept PostgreSQL re-planning it on every batch (0.24 ms, more than running it).
    overNetwork ? tx.execute(sql`set local plan_cache_mode = force_generic_plan`) : undefined,
    lockConversations(tx, ids),
    retries.length ? storedRetries(tx, retries) : Promise.resolve([]),
  ]);
  const byId = new Map(locked.map((c) => [c.id, { ...c }]));

  // A retry key is the sender's own: the same id from someone else is a new message, never theirs to read back.
  const dedupeKey = (conversationId: string, sender: Pick<Sender, 'type' | 'id'>, clientMessageId: string) =>
    JSON.stringify([conversationId, sender.type, sender.id, clientMessageId]);
  const stored = new Map(
    earlier.map((m) => [dedupeKey(m.conversationId, { type: m.senderType, id: m.senderId }, m.clientMessageId!), m]),
  );
  const inBatch = new Map<string, number>();

  const plans: Planned[] = [];
  const rows: MessageRow[] = [];
  const dirty = new Set<ConversationRow>();
  const firstAgentReply = new Map<string, Date>();
  const agentsFirstResponded = new Set<string>();

  for (const req of batch) {
    const c = byId.get(req.conversationId);
    if (!c) {
      plans.push({ req, error: conversationNotFound() });
      continue;
    }
    if (c.status === 'closed') {
      plans.push({ req, error: new AppError('CONVERSATION_CLOSED', 'This conversation is closed; start a new one') });
      continue;
    }
    const sender = senderOf(req.author, c);
    // Reopening a resolved chat, and ending a snooze (or its marker), are appendMessage's.
    if (
      (c.status === 'resolved' && sender.type === 'customer') ||
      touchesSnooze(c, sender.type, req.input.isPrivate === true)
    ) {
      single.push(req);
      continue;
    }
    const key =
      req.input.clientMessageId === undefined ? undefined : dedupeKey(c.id, sender, req.input.clientMessageId);
    if (key && stored.has(key)) {
      plans.push({ req, existing: stored.get(key)! });
      continue;
    }
    if (key && inBatch.has(key)) {
      // The same clientMessageId twice in one batch: the second is a retry of the first.
      plans.push({ req, row: inBatch.get(key)!, created: false });
      continue;
    }
    c.lastSeq += 1;
    c.lastMessageAt = req.now;
    if (sender.type === 'agent' && !req.input.isPrivate) {
      if (!firstAgentReply.has(c.id)) firstAgentReply.set(c.id, req.now);
      if (c.firstResponseAt === null) {
        c.firstResponseAt = req.now;
        if (c.agentId && sender.id === c.agentId) agentsFirstResponded.add(c.agentId);
      }
    }
    dirty.add(c);
    if (key) inBatch.set(key, rows.length);
    plans.push({ req, row: rows.length, created: true });
    rows.push({
      id: randomUUID(),
      conversationId: c.id,
      seq: c.lastSeq,
      senderType: sender.type,
      senderId: sender.id,
      senderName: sender.name,
      content: req.input.content,
      messageType: req.input.messageType ?? 'text',
      attachments: req.input.attachments ?? [],
      clientMessageId: req.input.clientMessageId ?? null,
      readAt: null,
      isPrivate: req.input.isPrivate === true,
      metadata: req.input.metadata ?? {},
      reactions: {},
      createdAt: req.now,
    });
  }

  // The writes, pipelined the same way. Each is one statement that issues nothing more when answered (the caller
  // sends COMMIT right behind them); an agent's first reply, which re-reads the agent's figures, goes after them.
  const seqs = [...dirty];
  const writes = [
    rows.length ? insertMessages(tx, rows) : Promise.resolve(),
    seqs.length
      ? tx.execute(sql`update ${conversations} as c set last_seq = v.last_seq, last_message_at = v.at,
          first_response_at = coalesce(c.first_response_at, v.fr), updated_at = v.at
          from ${recordset(seqs.map((c) => ({ id: c.id, last_seq: c.lastSeq, at: c.lastMessageAt, fr: c.firstResponseAt })))}
            as v(id uuid, last_seq int, at timestamptz, fr timestamptz)
          where c.id = v.id`)
      : Promise.resolve(),
    ticketsFirstResponse(
      tx,
      [...firstAgentReply].map(([conversationId, at]) => ({ conversationId, at })),
    ),
  ];
  let written: Promise<unknown> = Promise.all(writes);
  if (agentsFirstResponded.size) {
    // Reads, then writes, one after another: all of it must have been sent before the COMMIT is.
    await written;
    await refreshResponseTime(tx, [...agentsFirstResponded]);
    written = Promise.resolve();
  }

  const settled = plans.map((p): Settled => {
    if ('error' in p) return { req: p.req, error: p.error };
    const c = byId.get(p.req.conversationId)!;
    const base = { conversation: { ...c }, previousStatus: c.status };
    if ('existing' in p) return { req: p.req, result: { ...base, message: p.existing, created: false } };
    return { req: p.req, result: { ...base, message: rows[p.row]!, created: p.created } };
  });
  return { settled, written };
}
