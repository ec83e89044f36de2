// "Email me the transcript": the conversation as plain text, queued in the notifications outbox. A visitor's
// transcript goes only to an address they proved: a verified customer's (the site vouches for it), or one that
// opened a confirmation link first. Every address gets a few such emails a day at most, whoever asks.
import { and, asc, count, eq, gt, isNull, like, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversations, emailConfirmations, messages, notifications } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Caller } from '../../identity/caller.js';
import { hashToken, newToken, tokenPrefixes } from '../../lib/secrets.js';
import { enqueueEmail, type Dispatcher } from '../notifications/outbox.js';
import type { ConversationRow } from './dto.js';
import { conversationLines } from '../integrations/email.js';
import { assertCanSee } from './service.js';

const CONFIRM_TTL_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

export async function requestTranscript(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  dispatcher: Dispatcher,
  caller: Caller,
  id: string,
  email: string | undefined,
  serverOrigin: string,
) {
  if (!dispatcher.configured) throw new AppError('EMAIL_NOT_CONFIGURED', 'Email is not configured on this server');
  const conversation = await assertCanSee(deps, caller, id);
  // A visitor can only mail the address the conversation already has; staff may send it anywhere.
  const to = caller.kind === 'visitor' ? conversation.customerEmail : (email ?? conversation.customerEmail);
  if (!to) {
    throw new AppError('VALIDATION_ERROR', 'This conversation has no email address', [
      { path: 'email', message: 'required' },
    ]);
  }
  const now = deps.clock.now();
  const confirm = caller.kind === 'visitor' && !conversation.customerVerified;
  const queued = await deps.db.transaction(async (tx) => {
    if (caller.kind === 'visitor') await capPerAddress(tx, deps.config.transcriptsPerAddressPerDay, to, now);
    if (!confirm) return enqueueTranscript(tx, conversation, to, now);
    const token = newToken(tokenPrefixes.emailConfirmation);
    const link = `${serverOrigin}/api/chat/transcript/confirm?token=${encodeURIComponent(token)}`;
    // Server-written text only: nothing the visitor typed reaches an address before its owner asks for it.
    const sent = await enqueueEmail(
      tx,
      {
        to,
        subject: 'Confirm: email me the transcript',
        text: [
          'Someone asked for the transcript of a support conversation to be sent to this address.',
          '',
          `To receive it, open this link within 24 hours:`,
          link,
          '',
          'If it was not you, ignore this email: nothing else will be sent.',
          '',
        ].join('\n'),
        key: `transcript-confirm:${id}:${to.toLowerCase()}:${conversation.lastSeq}`,
      },
      now,
    );
    if (sent) {
      await tx.insert(emailConfirmations).values({
        tokenHash: hashToken(token),
        purpose: 'transcript',
        conversationId: id,
        email: to,
        expiresAt: new Date(now.getTime() + CONFIRM_TTL_MS),
        createdAt: now,
      });
    }
    return sent;
  });
  dispatcher.kick();
  return { queued, to, confirmationRequired: confirm };
}

/** The link from the confirmation email: once, within its lifetime, it sends the transcript as it is now. */
export async function confirmTranscript(deps: Pick<Deps, 'db' | 'clock'>, dispatcher: Dispatcher, token: string) {
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(emailConfirmations)
      .set({ usedAt: now })
      .where(
        and(
          eq(emailConfirmations.tokenHash, hashToken(token)),
          isNull(emailConfirmations.usedAt),
          gt(emailConfirmations.expiresAt, now),
        ),
      )
      .returning();
    if (!row) return null;
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(eq(conversations.id, row.conversationId))
      .limit(1);
    if (!conversation) return null;
    await enqueueTranscript(tx, conversation, row.email, now);
    return row.email;
  });
  if (result) dispatcher.kick();
  return result;
}

/** A few transcript emails (and confirmations) per address per day, whoever asks: counted under a lock on the address. */
async function capPerAddress(tx: Tx, max: number, to: string, now: Date) {
  const address = to.toLowerCase();
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`transcript:${address}`}))`);
  const [row] = await tx
    .select({ n: count() })
    .from(notifications)
    .where(
      and(
        sql`lower(${notifications.recipient}) = ${address}`,
        like(notifications.idempotencyKey, 'transcript%'),
        gt(notifications.createdAt, new Date(now.getTime() - DAY_MS)),
      ),
    );
  if ((row?.n ?? 0) >= max) {
    throw new AppError(
      'RATE_LIMITED',
      'This address has had enough transcripts for today; try again tomorrow',
      { retryAfterSeconds: 3600 },
      {
        'retry-after': '3600',
      },
    );
  }
}

async function enqueueTranscript(tx: Tx, conversation: ConversationRow, to: string, now: Date) {
  const rows = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversation.id), eq(messages.isPrivate, false)))
    .orderBy(asc(messages.seq))
    .limit(5000);
  const lines = conversationLines(rows);
  const subject = `Your conversation${conversation.subject ? `: ${conversation.subject}` : ''}`.slice(0, 200);
  const text = [`Here is the transcript of your conversation with us.`, '', ...lines, ''].join('\n');
  return enqueueEmail(
    tx,
    {
      to,
      subject,
      text,
      key: `transcript:${conversation.id}:${to.toLowerCase()}:${conversation.lastSeq}`,
      kind: 'transcript',
    },
    now,
  );
}
