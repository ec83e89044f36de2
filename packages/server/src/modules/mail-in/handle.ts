// What an inbound email becomes: a message in its conversation (the customer's answer, quoted history cut off, files
// stored like uploads), a new conversation on the email channel, or a bounce recorded on the email it refers to.
// Refusals carry an SMTP reply code (the listener answers with it, so the sender's server tells them).
import { Readable } from 'node:stream';
import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { AddressObject, ParsedMail } from 'mailparser';
import { LIMITS, toStorable, type Attachment } from '@support-chat/protocol';
import { conversations, notifications } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { VisitorCaller } from '../../identity/caller.js';
import { conversationOfAddress, referencedIds } from '../integrations/email-thread.js';
import { openEmailConversation, sendMessage } from '../chat/service.js';
import { resolveSite } from '../sites/service.js';
import { storeAttachment } from '../uploads/service.js';
import { quotedHistoryCut } from './quotes.js';

const MAX_ATTACHMENTS = 10;
const refuse = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

const BOUNCE = /^bounces\+([0-9a-f-]{36})@(.+)$/;
/** The notification a VERP bounce address (`bounces+<id>@<domain>`) names. */
export function bounceAddressId(domain: string, address: string): string | undefined {
  const m = BOUNCE.exec(address.toLowerCase());
  return m && m[2] === domain ? m[1] : undefined;
}

const firstAddress = (a: AddressObject | AddressObject[] | undefined) => {
  const v = (Array.isArray(a) ? a[0] : a)?.value[0];
  const address = v?.address?.trim().toLowerCase();
  // What we store and write back to: one plain address, as the protocol's email fields allow.
  if (!address || address.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(address) || toStorable(address) !== address)
    return undefined;
  return { address, name: v!.name?.trim() || null };
};

/** Auto-replies and mailing-list mail must never start or continue a conversation (mail loops). */
function automatic(mail: ParsedMail): boolean {
  const h = (k: string) => String(mail.headers.get(k) ?? '').toLowerCase();
  return (
    (h('auto-submitted') !== '' && h('auto-submitted') !== 'no') ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(h('precedence')) ||
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond')
  );
}

export async function handleMail(deps: Deps, raw: Buffer, rcpt: string[], replyKey: string): Promise<void> {
  const domain = deps.config.replyDomain;
  // mailparser (and its encodings) is the heaviest module the server has: loaded with the first mail, not at start.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, {
    skipImageLinks: true,
    skipTextLinks: true,
    skipTextToHtml: true,
    maxHtmlLengthToParse: 2 * 1024 * 1024,
  });

  const bounced = rcpt.map((r) => bounceAddressId(domain, r)).find(Boolean);
  if (bounced) return recordBounce(deps, bounced, mail);

  const from = firstAddress(mail.from);
  if (!from) throw refuse(550, '5.1.7 The message has no sender address');
  if (automatic(mail)) {
    deps.log.info({ from: from.address }, 'inbound email ignored: automatic reply');
    return;
  }

  // Which conversation: a signed reply address, else our ids in In-Reply-To / References.
  let conversationId = rcpt.map((r) => conversationOfAddress(replyKey, domain, r)).find(Boolean);
  if (!conversationId) {
    const refs = referencedIds(domain, [String(mail.inReplyTo ?? ''), [mail.references ?? []].flat().join(' ')]);
    conversationId = refs.conversations[0] ?? (await conversationOfNotification(deps, refs.notifications));
  }
  const text = messageText(mail);
  const messageId = mail.messageId ? toStorable(mail.messageId, 500) : undefined;
  const byId = async (id: string) =>
    (await deps.db.select().from(conversations).where(eq(conversations.id, id)).limit(1))[0];
  let conversation = conversationId ? await byId(conversationId) : undefined;
  // An answer to a conversation an agent merged away goes where its messages went (always one hop: see merge.ts).
  if (conversation?.mergedIntoId) conversation = (await byId(conversation.mergedIntoId)) ?? conversation;
  if (conversation && conversation.customerEmail?.toLowerCase() !== from.address) {
    // Only the conversation's customer writes into it; anyone else writes to the support address.
    if (!rcpt.includes(deps.config.supportAddress ?? ''))
      throw refuse(550, '5.7.1 Sender does not match this conversation');
    conversation = undefined;
  }
  // A closed conversation takes no more messages: the answer starts a new one.
  if (!conversation || conversation.status === 'closed') {
    if (!rcpt.includes(deps.config.supportAddress ?? '') && !conversation)
      throw refuse(550, '5.1.1 No such conversation');
    const site = await resolveSite(deps.db, undefined);
    await capNewConversations(deps, site.id, from.address);
    conversation = await openEmailConversation(deps, {
      siteId: site.id,
      address: from.address,
      name: from.name ? toStorable(from.name, 100) : null,
      subject: mail.subject ? toStorable(mail.subject, 200) : null,
      firstWords: text.slice(0, 2000),
    });
  }

  const files = await storeFiles(deps, conversation.id, conversation.customerId, mail);
  const content = toStorable(
    [text, ...files.refused.map((name) => `[attachment not accepted: ${name}]`)].filter(Boolean).join('\n\n'),
    LIMITS.messageContent,
  );
  if (!content && !files.stored.length) throw refuse(550, '5.6.0 The message is empty');
  const sender: VisitorCaller = {
    kind: 'visitor',
    sessionId: 'email',
    visitorId: conversation.visitorId ?? conversation.id,
    siteId: conversation.siteId,
    customerId: conversation.customerId,
    customerVerified: false,
  };
  try {
    await sendMessage(
      deps,
      sender,
      conversation.id,
      {
        content: content || '(attachment)',
        messageType: files.stored.length && !text ? 'file' : 'text',
        attachments: files.stored,
        // The same email delivered twice (a relay's retry) is one message.
        ...(messageId ? { clientMessageId: toStorable(messageId, 200) } : {}),
        metadata: {
          ...(messageId ? { emailMessageId: messageId } : {}),
          ...(mail.subject ? { emailSubject: toStorable(mail.subject, 300) } : {}),
        },
      },
      { accessChecked: true },
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFLICT') throw refuse(451, '4.3.0 Try again later');
    throw err;
  }
  deps.routing.kick();
}

/**
 * One address opens at most INBOUND_NEW_CONVERSATIONS_PER_HOUR conversations an hour (a mail loop, a flood). Past
 * that the mail is deferred with a 4xx, not refused: a real sender's server tries again later and nothing is lost.
 */
async function capNewConversations(deps: Deps, siteId: string, address: string) {
  const limit = deps.config.inbound?.newConversationsPerHour ?? Number.POSITIVE_INFINITY;
  const since = new Date(deps.clock.now().getTime() - 3_600_000);
  const [row] = await deps.db
    .select({ n: count() })
    .from(conversations)
    .where(
      and(
        eq(conversations.siteId, siteId),
        eq(conversations.customerId, `email:${address}`),
        gt(conversations.createdAt, since),
      ),
    );
  if ((row?.n ?? 0) >= limit) throw refuse(450, '4.7.1 Too many new conversations from this address; try again later');
}

/** The message's own words: plain text (or the HTML's text), without the quoted history below them. */
function messageText(mail: ParsedMail): string {
  // mailparser gives an HTML-only email its text too.
  const body = mail.text ?? '';
  return toStorable(quotedHistoryCut(body.slice(0, 200_000))).trim();
}

async function storeFiles(deps: Deps, conversationId: string, customerId: string, mail: ParsedMail) {
  const stored: Attachment[] = [];
  const refused: string[] = [];
  for (const a of mail.attachments.slice(0, MAX_ATTACHMENTS)) {
    if (a.related) continue; // inline images of an HTML body (logos, signatures)
    const filename = toStorable(a.filename ?? 'attachment', 255);
    if (a.size > deps.config.uploads.maxBytes) {
      refused.push(filename);
      continue;
    }
    try {
      const { id: _id, ...attachment } = await storeAttachment(
        deps,
        conversationId,
        { type: 'customer', id: customerId },
        { stream: Readable.from([a.content]), filename, truncated: () => false },
      );
      stored.push(attachment);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refused.push(filename);
    }
  }
  for (const a of mail.attachments.slice(MAX_ATTACHMENTS)) refused.push(a.filename ?? 'attachment');
  return { stored, refused };
}

async function conversationOfNotification(deps: Deps, ids: string[]): Promise<string | undefined> {
  for (const id of ids.slice(0, 10)) {
    const [n] = await deps.db
      .select({ conversationId: notifications.conversationId })
      .from(notifications)
      .where(eq(notifications.id, id))
      .limit(1);
    if (n?.conversationId) return n.conversationId;
  }
  return undefined;
}

/**
 * A delivery status notification for one of our emails (addressed to its VERP bounce address): a permanent failure
 * (status 5.x.x) marks it bounced, with the reason, for admins to see; delays (4.x.x) change nothing.
 */
async function recordBounce(deps: Deps, id: string, mail: ParsedMail) {
  const report = mail.attachments
    .filter((a) => /delivery-status|rfc822-headers/.test(a.contentType))
    .map((a) => a.content.subarray(0, 64 * 1024).toString('utf8'))
    .join('\n');
  const source = `${report}\n${mail.text ?? ''}`.slice(0, 128 * 1024);
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(source)?.[1];
  if (status && !status.startsWith('5')) return;
  const diagnostic = /^Diagnostic-Code:\s*([^\r\n]{1,300})/im.exec(source)?.[1]?.trim();
  const why = toStorable(
    `Bounced${status ? ` (${status})` : ''}: ${diagnostic ?? mail.subject ?? 'undeliverable'}`,
    500,
  );
  await deps.db
    .update(notifications)
    .set({ status: 'bounced', lastError: why, responseStatus: status ? Number(status[0]) * 100 : null })
    .where(
      and(eq(notifications.id, id), eq(notifications.channel, 'email'), sql`${notifications.status} <> 'bounced'`),
    );
  deps.log.info({ notificationId: id, status }, 'email bounced');
}
