// The notifications outbox and its dispatcher. Rows are claimed with FOR UPDATE SKIP LOCKED and sent while held,
// so several nodes never send one twice; failures are retried with exponential backoff, then marked failed.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Executor } from '../../db/client.js';
import { notifications } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { PermanentDeliveryError, sendTwilioSms } from './twilio.js';

const MAX_ATTEMPTS = 8;
const BATCH = 10;

export interface EmailToSend {
  to: string;
  subject: string;
  text: string;
  /** Same key, same notification: a second request is a no-op. */
  key: string;
}

export interface SmsToSend {
  to: string;
  text: string;
  key: string;
}

/** Stores an SMS to send (sent when Twilio is configured); false when one with the same key exists already. */
export async function enqueueSms(db: Executor, sms: SmsToSend, now: Date): Promise<boolean> {
  const rows = await db
    .insert(notifications)
    .values({
      channel: 'sms',
      recipient: sms.to,
      subject: '',
      body: sms.text,
      idempotencyKey: sms.key,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length > 0;
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

  /** Email can be sent (SMTP is set up). */
  get configured() {
    return Boolean(this.transport);
  }

  /** The channels this node can deliver; rows of other channels wait for a node that can. */
  private get channels(): ('email' | 'sms')[] {
    return [...(this.transport ? (['email'] as const) : []), ...(this.deps.config.sms ? (['sms'] as const) : [])];
  }

  start() {
    if (!this.channels.length) return;
    this.timer = setInterval(() => this.kick(), this.deps.config.notifySweepMs);
    this.timer.unref();
  }

  async stop() {
    clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    this.transport?.close();
  }

  kick() {
    if (!this.channels.length) return;
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
        .where(
          and(
            eq(notifications.status, 'pending'),
            lte(notifications.nextAttemptAt, now),
            inArray(notifications.channel, this.channels),
          ),
        )
        .orderBy(asc(notifications.nextAttemptAt))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const n of due) {
        try {
          if (n.channel === 'sms') await sendTwilioSms(this.deps.config.sms!, n.recipient, n.body);
          else
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
          // A refusal that will not change (an invalid number) fails now; anything else is tried again later.
          const final = attempts >= MAX_ATTEMPTS || err instanceof PermanentDeliveryError;
          await tx
            .update(notifications)
            .set({
              attempts,
              status: final ? 'failed' : 'pending',
              nextAttemptAt: sql`${new Date(now.getTime() + backoffMs).toISOString()}::timestamptz`,
              lastError: (err as Error).message.slice(0, 500),
            })
            .where(eq(notifications.id, n.id));
          this.deps.log.warn(
            { notificationId: n.id, channel: n.channel, attempts, final },
            final ? 'notification delivery failed for good' : 'notification delivery failed; will retry',
          );
        }
      }
      return due.length;
    });
  }
}
