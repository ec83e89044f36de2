// The seed's email integration: `notifyNewMessage(conversation, message, to)` and `sendConversationSummary(
// conversation, messages, to)`, and what the product does with them: an assigned agent hears of customer messages
// they have not read, a customer gets agents' replies by email when they have not read them in the widget (or at once,
// on the email channel), and a summary when their conversation is resolved. Every email is an outbox row written in
// the transaction of its cause; alerts are debounced (one pending per conversation and side: a burst of messages is
// one email) and re-checked when due (read by then: skipped), so they say what is true when they go out.
import { and, asc, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { conversations, messages } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { serverOrigin } from '../../config.js';
import { enqueue, type EmailHeaders, type NotificationRow, type Preparer } from '../notifications/outbox.js';
import { notificationMessageId, replyAddress, threadRoot } from './email-thread.js';

type ConversationLike = Pick<
  typeof conversations.$inferSelect,
  'id' | 'subject' | 'customerName' | 'customerEmail' | 'channel' | 'agentId' | 'agentName'
>;
type MessageLike = Pick<
  typeof messages.$inferSelect,
  'id' | 'seq' | 'senderType' | 'senderName' | 'content' | 'attachments' | 'createdAt' | 'isPrivate'
>;

type EmailDeps = Pick<Deps, 'db' | 'clock' | 'config'> & {
  /** The reply-address signing key, read once at start (email-thread.ts). */
  replyKey: string;
};

/** Kinds of email notifications with a preparer (re-read when due). */
export const emailKinds = { agentUnread: 'agent_unread', customerReply: 'customer_reply' } as const;

const AWAY_DELAY_MIN = 1;
const CUSTOMER_DELAY_MS = 60_000;

/** The conversation as plain text, one line per message (private notes never). */
export function conversationLines(rows: MessageLike[]): string[] {
  return rows
    .filter((m) => !m.isPrivate)
    .map((m) => {
      const when = m.createdAt.toISOString().replace('T', ' ').slice(0, 16);
      if (m.senderType === 'system') return `[${when}] — ${m.content}`;
      const who = m.senderName ?? (m.senderType === 'customer' ? 'You' : 'Support');
      const files = m.attachments.map((a) => ` [file: ${a.name}]`).join('');
      return `[${when}] ${who}: ${m.content}${files}`;
    });
}

/** One subject per conversation, so that every email of it lands in one thread. */
export function threadSubject(c: Pick<ConversationLike, 'subject' | 'id'>): string {
  return `${c.subject?.trim() || 'Your conversation with us'} [#${c.id.slice(0, 8)}]`.slice(0, 200);
}

export function emailIntegration(deps: EmailDeps, db: Executor = deps.db) {
  const configured = Boolean(deps.config.smtp);
  const domain = deps.config.replyDomain;
  const now = () => deps.clock.now();

  /** Where the customer's answer goes: the conversation's own address when we receive mail, else the support box. */
  function replyTo(conversationId: string): string | undefined {
    if (deps.config.inbound) return replyAddress(deps.replyKey, domain, conversationId);
    return deps.config.supportAddress;
  }

  /** Threading headers for a customer-facing email of this conversation, given its own notification id. */
  async function customerHeaders(tx: Executor, conversationId: string, notificationId: string): Promise<EmailHeaders> {
    const root = threadRoot(domain, conversationId);
    // The customer's own emails (inbound messages keep their Message-ID), newest last, so replies nest under them.
    const inbound = await tx
      .select({ metadata: messages.metadata })
      .from(messages)
      .where(
        and(
          eq(messages.conversationId, conversationId),
          eq(messages.senderType, 'customer'),
          sql`${messages.metadata} ? 'emailMessageId'`,
        ),
      )
      .orderBy(desc(messages.seq))
      .limit(5);
    const theirs = inbound.map((m) => String(m.metadata.emailMessageId)).reverse();
    return {
      messageId: notificationMessageId(domain, notificationId),
      inReplyTo: theirs.at(-1) ?? root,
      references: [root, ...theirs],
      replyTo: replyTo(conversationId),
    };
  }

  return {
    configured,

    /**
     * Tells `to` about `message`: a customer's message goes to the assigned agent, an agent's reply to the customer.
     * Debounced: while one such email waits for this conversation and side, later messages join it. Sent when due
     * if the messages are still unread (the widget marks them read), at once for email-channel conversations.
     */
    async notifyNewMessage(
      conversation: ConversationLike,
      message: Pick<MessageLike, 'seq' | 'senderType'>,
      to: string,
      opts: { afterMs?: number } = {},
    ): Promise<boolean> {
      if (!configured) return false;
      const kind = message.senderType === 'customer' ? emailKinds.agentUnread : emailKinds.customerReply;
      const delay =
        opts.afterMs ?? (kind === emailKinds.customerReply && conversation.channel !== 'email' ? CUSTOMER_DELAY_MS : 0);
      const payload =
        kind === emailKinds.agentUnread
          ? // An agent's alert is theirs only while the conversation is: the preparer checks the assignee against it.
            { fromSeq: message.seq, agentId: conversation.agentId }
          : { fromSeq: message.seq };
      // One statement (it runs in the message's group commit): written unless one already waits for this side.
      const rows = await db
        .execute(sql`insert into notifications (channel, recipient, subject, body, idempotency_key, kind,
            conversation_id, payload, next_attempt_at, created_at)
          select 'email', ${to}, '', '', ${`${kind}:${conversation.id}:${message.seq}:${to.toLowerCase()}`}, ${kind},
            ${conversation.id}::uuid, ${JSON.stringify(payload)}::jsonb,
            ${new Date(now().getTime() + delay).toISOString()}::timestamptz, ${now().toISOString()}::timestamptz
          where not exists (select 1 from notifications where conversation_id = ${conversation.id}::uuid
            and kind = ${kind} and status = 'pending')
          on conflict do nothing
          returning id`)
        .then(rowsOf);
      return rows.length > 0;
    },

    /** The conversation, as text, to `to` (the customer when it is resolved, if the site says so). */
    async sendConversationSummary(
      conversation: ConversationLike & { lastSeq: number },
      rows: MessageLike[],
      to: string,
    ) {
      if (!configured) return false;
      const id = crypto.randomUUID();
      const lines = conversationLines(rows);
      const text = [
        `Hello ${conversation.customerName},`,
        '',
        'Your conversation with us is resolved. Here is what was said:',
        '',
        ...lines,
        '',
        'If anything is still open, just reply to this email and we will pick it up.',
        '',
      ].join('\n');
      return enqueue(
        db,
        {
          id,
          channel: 'email',
          to,
          subject: threadSubject(conversation),
          body: text,
          key: `summary:${conversation.id}:${conversation.lastSeq}:${to.toLowerCase()}`,
          kind: 'summary',
          conversationId: conversation.id,
          payload: { ...(await customerHeaders(db, conversation.id, id)) },
        },
        now(),
      );
    },

    /**
     * The assigned agents of these customer messages hear of them, each per their settings (email on or off, after
     * how many minutes; one minute when they are away or offline). One statement for a whole group commit.
     */
    async alertAgents(items: { conversationId: string; agentId: string; seq: number }[]) {
      if (!configured || !items.length) return;
      const values = sql.join(
        items.map((i) => sql`(${i.conversationId}::uuid, ${i.agentId}::uuid, ${i.seq}::int)`),
        sql`, `,
      );
      const at = now().toISOString();
      await db.execute(sql`insert into notifications (channel, recipient, subject, body, idempotency_key, kind,
          conversation_id, payload, next_attempt_at, created_at)
        select 'email', a.email, '', '', ${emailKinds.agentUnread} || ':' || v.cid || ':' || v.seq, ${emailKinds.agentUnread},
          v.cid, jsonb_build_object('fromSeq', v.seq, 'agentId', a.id),
          ${at}::timestamptz + make_interval(mins => case when a.status in ('away', 'offline') then ${AWAY_DELAY_MIN}
            else coalesce((u.notifications ->> 'emailAfterMinutes')::int, 5) end),
          ${at}::timestamptz
        from (values ${values}) as v(cid, agent_id, seq)
        join agents a on a.id = v.agent_id
        left join users u on u.id = a.user_id
        where coalesce((u.notifications ->> 'email')::boolean, true) and not coalesce(u.disabled, false)
          and not exists (select 1 from notifications n where n.conversation_id = v.cid
            and n.kind = ${emailKinds.agentUnread} and n.status = 'pending')
        on conflict do nothing`);
    },

    /** What the debounced alerts say when their time comes (or null: nothing left unread). */
    preparers(): Record<string, Preparer> {
      const origin = serverOrigin(deps.config);
      /** The side's public messages since the alert's first one; only those still unread unless `all`. */
      const since = (tx: Executor, n: NotificationRow, senderType: 'customer' | 'agent', all = false) =>
        tx
          .select()
          .from(messages)
          .where(
            and(
              eq(messages.conversationId, n.conversationId!),
              gte(messages.seq, Number(n.payload.fromSeq ?? 0)),
              eq(messages.senderType, senderType),
              eq(messages.isPrivate, false),
              all ? undefined : isNull(messages.readAt),
            ),
          )
          .orderBy(asc(messages.seq))
          .limit(50);
      const load = async (tx: Executor, id: string) =>
        (await tx.select().from(conversations).where(eq(conversations.id, id)).limit(1))[0];

      return {
        [emailKinds.agentUnread]: async (tx, n) => {
          const c = n.conversationId ? await load(tx, n.conversationId) : undefined;
          // Taken over by someone else, or over: the alert is no longer theirs to get.
          if (!c || c.agentId !== n.payload.agentId || c.status === 'closed') return null;
          const rows = await since(tx, n, 'customer');
          if (!rows.length) return null;
          const body = [
            `${c.customerName} wrote in a conversation assigned to you, and it is still unread:`,
            '',
            ...conversationLines(rows),
            '',
            `Answer in the console: ${origin}/console/`,
            '',
            'You get these emails for customer messages you have not read; change that under Account in the console.',
          ].join('\n');
          const subject = `${rows.length === 1 ? 'New message' : `${rows.length} new messages`} from ${c.customerName}`;
          return { subject: subject.slice(0, 200), body, payload: { ...n.payload, automatic: true } };
        },
        [emailKinds.customerReply]: async (tx, n) => {
          const c = n.conversationId ? await load(tx, n.conversationId) : undefined;
          if (!c?.customerEmail) return null;
          // On the email channel nothing can be read elsewhere: every reply goes. Else only what is still unread.
          const rows = await since(tx, n, 'agent', c.channel === 'email');
          if (!rows.length) return null;
          const body = [
            ...rows.flatMap((m) => [
              m.content,
              ...m.attachments.map((a) => `[file: ${a.name} — open the chat to download it]`),
              `— ${m.senderName ?? 'Support'}`,
              '',
            ]),
            deps.config.inbound ? 'Reply to this email to answer; your reply goes straight to us.' : '',
          ]
            .join('\n')
            .trimEnd();
          const headers = await customerHeaders(tx, c.id, n.id);
          return { subject: threadSubject(c), body, payload: { ...n.payload, ...headers } };
        },
      };
    },
  };
}

export type EmailIntegration = ReturnType<typeof emailIntegration>;
