// The notifications outbox and its dispatcher. Rows are claimed with FOR UPDATE SKIP LOCKED and sent while held,
// so several nodes never send one twice; failures are retried with exponential backoff, then marked failed.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Executor } from '../../db/client.js';
import { notifications } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';

const MAX_ATTEMPTS = 8;
const BATCH = 10;

export interface EmailToSend {
  to: string;
  subject: string;
  text: string;
  /** Same key, same notification: a second request is a no-op. */
  key: string;
}

/** Stores an email to send; returns false when one with the same key exists already. */
export async function enqueueEmail(db: Executor, email: EmailToSend, now: Date): Promise<boolean> {
  const rows = await db
    .insert(notifications)
    .values({
      channel: 'email',
      recipient: email.to,
      subject: email.subject,
      body: email.text,
      idempotencyKey: email.key,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export class Dispatcher {
  private running = false;
  private again = false;
  private timer?: NodeJS.Timeout;
  private readonly transport;

  constructor(private readonly deps: Deps) {
    const smtp = deps.config.smtp;
    this.transport = smtp
      ? nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : undefined;
  }

  get configured() {
    return Boolean(this.transport);
  }

  start() {
    if (!this.transport) return;
    this.timer = setInterval(() => this.kick(), this.deps.config.notifySweepMs);
    this.timer.unref();
  }

  async stop() {
    clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    this.transport?.close();
  }

  kick() {
    if (!this.transport) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => void this.loop());
  }

  private async loop() {
    try {
      do {
        this.again = false;
        while ((await this.sendDue()) === BATCH) {
          /* more are due */
        }
      } while (this.again);
    } catch (err) {
      this.deps.log.error({ err }, 'notification dispatch failed');
    } finally {
      this.running = false;
    }
  }

  /** Claims up to BATCH due notifications and sends them; returns how many it claimed. */
  private async sendDue(): Promise<number> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.status, 'pending'), lte(notifications.nextAttemptAt, now)))
        .orderBy(asc(notifications.nextAttemptAt))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const n of due) {
        try {
          await this.transport!.sendMail({
            from: this.deps.config.smtp!.from,
            to: n.recipient,
            subject: n.subject,
            text: n.body,
          });
          await tx
            .update(notifications)
            .set({ status: 'sent', sentAt: this.deps.clock.now(), attempts: n.attempts + 1 })
            .where(eq(notifications.id, n.id));
        } catch (err) {
          const attempts = n.attempts + 1;
          const backoffMs = Math.min(3_600_000, 30_000 * 2 ** (attempts - 1));
          await tx
            .update(notifications)
            .set({
              attempts,
              status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
              nextAttemptAt: sql`${new Date(now.getTime() + backoffMs).toISOString()}::timestamptz`,
              lastError: (err as Error).message.slice(0, 500),
            })
            .where(eq(notifications.id, n.id));
          this.deps.log.warn({ notificationId: n.id, attempts }, 'email delivery failed; will retry');
        }
      }
      return due.length;
    });
  }
}
