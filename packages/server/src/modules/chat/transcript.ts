// "Email me the transcript": the conversation as plain text, queued in the notifications outbox.
import { and, asc, eq } from 'drizzle-orm';
import { messages } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Caller } from '../../http/caller.js';
import { enqueueEmail, type Dispatcher } from '../notifications/outbox.js';
import { assertCanSee } from './service.js';

export async function requestTranscript(deps: Pick<Deps, 'db' | 'clock'>, dispatcher: Dispatcher, caller: Caller, id: string, email?: string) {
  if (!dispatcher.configured) throw new AppError('EMAIL_NOT_CONFIGURED', 'Email is not configured on this server (SMTP_HOST)');
  const conversation = await assertCanSee(deps, caller, id);
  // A visitor can only mail the address the conversation already has: otherwise the widget would be a spam relay.
  const to = caller.kind === 'visitor' ? conversation.customerEmail : (email ?? conversation.customerEmail);
  if (!to) {
    throw new AppError('VALIDATION_ERROR', 'This conversation has no email address', [{ path: 'email', message: 'required' }]);
  }
  const rows = await deps.db.select().from(messages).where(and(eq(messages.conversationId, id), eq(messages.isPrivate, false))).orderBy(asc(messages.seq)).limit(5000);
  const lines = rows.map((m) => {
    const when = m.createdAt.toISOString().replace('T', ' ').slice(0, 16);
    if (m.senderType === 'system') return `[${when}] — ${m.content}`;
    const who = m.senderType === 'customer' ? (m.senderName ?? 'You') : (m.senderName ?? 'Support');
    const files = m.attachments.map((a) => ` [file: ${a.name}]`).join('');
    return `[${when}] ${who}: ${m.content}${files}`;
  });
  const subject = `Your conversation${conversation.subject ? `: ${conversation.subject}` : ''}`.slice(0, 200);
  const text = [`Here is the transcript of your conversation with us.`, '', ...lines, ''].join('\n');
  const queued = await enqueueEmail(deps.db, { to, subject, text, key: `transcript:${id}:${to.toLowerCase()}:${conversation.lastSeq}` }, deps.clock.now());
  dispatcher.kick();
  return { queued, to };
}
