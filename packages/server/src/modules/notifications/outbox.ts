// The notifications outbox and its dispatcher. Rows are claimed with FOR UPDATE SKIP LOCKED and leased (their next
// attempt moved ahead) in one short transaction, so several nodes never send one twice; failures are retried with
// exponential backoff, then marked failed (or bounced, when a mail server refused the address). A kind with a
// preparer is re-read when due: a notification whose reason passed (the agent read the message) is skipped, and the
// rest go out with what is true then.
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { notifications } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { PermanentDeliveryError, RetryableDeliveryError } from './errors.js';
import { sendTwilioSms } from './twilio.js';

const MAX_ATTEMPTS = 8;
const BATCH = 10;
/** How long a claimed row is left alone while it is sent (longer than any channel's timeout). */
const LEASE_MS = 5 * 60_000;

export type NotificationRow = typeof notifications.$inferSelect;
type Channel = NotificationRow['channel'];

/** One outgoing notification or call, as its cause writes it (in the cause's own transaction). */
export interface Outgoing {
  channel: Channel;
  /** An address, a phone number, a URL: whatever the channel sends to. */
  to: string;
  subject?: string;
  body: string;
  /** Same key, same notification: a second request is a no-op. */
  key: string;
  kind: string;
  conversationId?: string | null;
  payload?: Record<string, unknown>;
  webhookId?: string | null;
  /** When it is due (default: now). A later time gives its cause a chance to make it unneeded. */
  at?: Date;
  /** Its id, when the caller must know it first (an email's Message-ID is made from it). */
  id?: string;
}

/** Stores a notification; false when one with the same key exists already. */
export async function enqueue(db: Executor, n: Outgoing, now: Date): Promise<boolean> {
  const rows = await db
    .insert(notifications)
    .values({
      ...(n.id ? { id: n.id } : {}),
      channel: n.channel,
      recipient: n.to,
      subject: n.subject ?? '',
      body: n.body,
      idempotencyKey: n.key,
      kind: n.kind,
      conversationId: n.conversationId ?? null,
      payload: n.payload ?? {},
      webhookId: n.webhookId ?? null,
      nextAttemptAt: n.at ?? now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export interface EmailToSend {
  to: string;
  subject: string;
  text: string;
  key: string;
  kind?: string;
  /** Sent by the system, not a person (alerts, reports): marked so auto-responders leave it alone. */
  automatic?: boolean;
}

export interface SmsToSend {
  to: string;
  text: string;
  key: string;
}

/** Stores an SMS to send (sent when Twilio is configured); false when one with the same key exists already. */
export function enqueueSms(db: Executor, sms: SmsToSend, now: Date): Promise<boolean> {
  return enqueue(db, { channel: 'sms', to: sms.to, body: sms.text, key: sms.key, kind: 'sms' }, now);
}

/** Stores a plain email to send; returns false when one with the same key exists already. */
export function enqueueEmail(db: Executor, email: EmailToSend, now: Date): Promise<boolean> {
  return enqueue(
    db,
    {
      channel: 'email',
      to: email.to,
      subject: email.subject,
      body: email.text,
      key: email.key,
      kind: email.kind ?? 'notice',
      payload: email.automatic ? { automatic: true } : {},
    },
    now,
  );
}

/**
 * What a notification looks like when its time comes. Kinds whose need can pass (an unread message that was read)
 * have one: null skips the notification, else its subject, body and payload are what goes out.
 */
export type Preparer = (
  db: Executor,
  n: NotificationRow,
  now: Date,
) => Promise<Pick<NotificationRow, 'subject' | 'body' | 'payload'> | null>;

/** Sends one notification of a channel; resolves with the receiver's status code, when it has one. */
export type Sender = (n: NotificationRow, db: Executor) => Promise<number | undefined>;

export interface DispatcherOptions {
  /** Per kind: what the notification looks like (or whether it is still needed) when it is due. */
  preparers?: Record<string, Preparer>;
  /** Senders of the channels other than email and SMS (CRM, webhooks), given by the integrations that own them. */
  senders?: Partial<Record<Channel, Sender>>;
}

export class Dispatcher {
  private running = false;
  private again = false;
  private timer?: NodeJS.Timeout;
  private readonly transport;
  private readonly senders: Partial<Record<Channel, Sender>>;
  private readonly preparers: Record<string, Preparer>;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>,
    opts: DispatcherOptions = {},
  ) {
    const smtp = deps.config.smtp;
    // nodemailer is loaded only when SMTP is configured (~100 ms of module loading at start otherwise).
    this.transport = smtp
      ? import('nodemailer').then(({ default: nodemailer }) =>
          nodemailer.createTransport({
            host: smtp.host,
            port: smtp.port,
            secure: smtp.secure,
            auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
            connectionTimeout: 10_000,
            greetingTimeout: 10_000,
            socketTimeout: 20_000,
          }),
        )
      : undefined;
    const sms = deps.config.sms;
    this.senders = {
      ...(this.transport ? { email: (n: NotificationRow) => this.sendEmail(n) } : {}),
      ...(sms
        ? {
            sms: async (n: NotificationRow) => {
              await sendTwilioSms(sms, n.recipient, n.body);
              return 201;
            },
          }
        : {}),
      ...opts.senders,
    };
    this.preparers = opts.preparers ?? {};
  }

  /** Email can be sent (SMTP is set up). */
  get configured() {
    return Boolean(this.transport);
  }

  /** The channels this node can deliver; rows of other channels wait for a node that can. */
  private get channels(): Channel[] {
    return Object.keys(this.senders) as Channel[];
  }

  start() {
    if (!this.channels.length) return;
    this.timer = setInterval(() => this.kick(), this.deps.config.notifySweepMs);
    this.timer.unref();
  }

  async stop() {
    clearInterval(this.timer);
    await this.idle();
    (await this.transport)?.close();
  }

  /** Resolves once no pass is running (a pass under way finishes its sends first). */
  async idle() {
    while (this.running) await new Promise((r) => setTimeout(r, 10));
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

  private async sendEmail(n: NotificationRow): Promise<number> {
    const p = n.payload as EmailHeaders;
    try {
      const info = await (await this.transport!).sendMail({
        from: p.from ?? this.deps.config.smtp!.from,
        to: n.recipient,
        subject: n.subject,
        text: n.body,
        ...(p.messageId ? { messageId: p.messageId } : {}),
        ...(p.inReplyTo ? { inReplyTo: p.inReplyTo } : {}),
        ...(p.references?.length ? { references: p.references } : {}),
        ...(p.replyTo ? { replyTo: p.replyTo } : {}),
        // With inbound mail on, bounces come back to an address that names this notification (VERP).
        ...(this.deps.config.inbound
          ? { envelope: { from: `bounces+${n.id}@${this.deps.config.replyDomain}`, to: n.recipient } }
          : {}),
        // Alerts and reports say they are automatic, so auto-responders do not answer them (RFC 3834).
        headers: p.automatic ? { 'Auto-Submitted': 'auto-generated' } : {},
      });
      return Number.parseInt(String(info.response ?? '250'), 10) || 250;
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      // A 5xx reply is the receiving server's refusal; it will refuse again (a 4xx is "later").
      if (code && code >= 500) throw new PermanentDeliveryError((err as Error).message, code);
      throw new RetryableDeliveryError((err as Error).message, code);
    }
  }

  /**
   * Claims up to BATCH due notifications and sends them; returns how many it claimed. The claim is a short
   * transaction that leases the rows (moves their next attempt LEASE_MS ahead, under FOR UPDATE SKIP LOCKED, so no
   * other node takes them); sending happens outside any transaction, so a slow receiver never holds a lock or, on
   * PGlite's single connection, the whole database. A node that dies mid-send leaves the row to be tried again once
   * the lease runs out.
   */
  private async sendDue(): Promise<number> {
    const now = this.deps.clock.now();
    const due = await this.deps.db.transaction(async (tx) => {
      const rows = await tx
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
      if (rows.length)
        await tx
          .update(notifications)
          .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
          .where(
            inArray(
              notifications.id,
              rows.map((r) => r.id),
            ),
          );
      return rows;
    });
    for (const row of due) await this.attempt(row, now);
    return due.length;
  }

  private async attempt(row: NotificationRow, now: Date) {
    const { db } = this.deps;
    let n = row;
    const attempts = n.attempts + 1;
    try {
      const prepare = this.preparers[n.kind];
      if (prepare) {
        const prepared = await prepare(db, n, now);
        if (!prepared) {
          await db.update(notifications).set({ status: 'skipped', attempts }).where(eq(notifications.id, n.id));
          return;
        }
        n = { ...n, ...prepared };
      }
      const status = await this.senders[n.channel]!(n, db);
      await db
        .update(notifications)
        .set({
          status: 'sent',
          sentAt: this.deps.clock.now(),
          attempts,
          subject: n.subject,
          body: n.body,
          payload: n.payload,
          responseStatus: status ?? null,
          lastError: null,
        })
        .where(eq(notifications.id, n.id));
    } catch (err) {
      const backoffMs = Math.min(3_600_000, 30_000 * 2 ** (attempts - 1));
      // A refusal that will not change (an invalid number, a 4xx) fails now; anything else is tried again later.
      const permanent = err instanceof PermanentDeliveryError;
      const final = attempts >= MAX_ATTEMPTS || permanent;
      const status = (err as { status?: number }).status ?? null;
      await db
        .update(notifications)
        .set({
          attempts,
          status: final ? (permanent && n.channel === 'email' && status ? 'bounced' : 'failed') : 'pending',
          nextAttemptAt: new Date(now.getTime() + backoffMs),
          lastError: (err as Error).message.slice(0, 500),
          responseStatus: status,
        })
        .where(eq(notifications.id, n.id));
      this.deps.log.warn(
        { notificationId: n.id, channel: n.channel, attempts, final },
        final ? 'notification delivery failed for good' : 'notification delivery failed; will retry',
      );
    }
  }
}

/** The email headers a notification may carry in its payload (threading, replies, automatic mail). */
export interface EmailHeaders {
  from?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  replyTo?: string;
  automatic?: boolean;
}
