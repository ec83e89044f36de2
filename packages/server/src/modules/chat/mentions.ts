// Mentions in private notes: `@Lena Label` (an agent's name as the console's completion writes it, any case) names a
// colleague. The note keeps who it mentions (metadata.mentions); every console hears of it (`mention` on the feed,
// where each console alerts only the agents named) and each one named gets an email when their settings ask for it.
import { eq } from 'drizzle-orm';
import { defaultNotificationSettings, type NotificationSettings } from '@support-chat/protocol';
import type { Executor } from '../../db/client.js';
import { agents, users } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { topics } from '../../bus/bus.js';
import { publishAll } from '../../bus/publish.js';
import { serverOrigin } from '../../config.js';
import { enqueueEmail } from '../notifications/outbox.js';
import { toConversationDto, toMessageDto, type ConversationRow, type MessageRow } from './dto.js';

export interface Mentioned {
  id: string;
  name: string;
  email: string;
  notifications: Partial<NotificationSettings>;
}

const wordChar = /[\p{L}\p{N}_]/u;

/** Whether `text` holds `@name` not followed by more of a word (so `@Ann` is not in `@Anna`). Both lower case. */
export function mentions(text: string, name: string): boolean {
  if (!name) return false;
  const needle = `@${name}`;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    const next = text.slice(i + needle.length).match(/^./u)?.[0];
    if (next === undefined || !wordChar.test(next)) return true;
  }
  return false;
}

/** The enabled agents a note's text mentions, the writer left out. One small read, and only for notes with an @. */
export async function mentionedIn(db: Executor, content: string, writerAgentId: string | null | undefined) {
  if (!content.includes('@')) return [];
  const rows = await db
    .select({
      id: agents.id,
      name: agents.name,
      email: users.email,
      notifications: users.notifications,
      disabled: users.disabled,
    })
    .from(agents)
    .innerJoin(users, eq(users.id, agents.userId));
  const text = content.toLocaleLowerCase();
  return rows
    .filter((a) => !a.disabled && a.id !== writerAgentId && mentions(text, a.name.trim().toLocaleLowerCase()))
    .map(({ disabled: _, ...a }): Mentioned => a);
}

/** Tells the consoles, and emails those who asked for it (the outbox sends once SMTP is set up). */
export async function announceMentions(
  deps: Deps,
  by: string,
  conversation: ConversationRow,
  message: MessageRow,
  mentioned: Mentioned[],
  now: Date,
) {
  await publishAll(deps, [
    {
      topic: topics.queue,
      event: {
        type: 'mention',
        conversationId: conversation.id,
        timestamp: now.toISOString(),
        data: {
          agentIds: mentioned.map((m) => m.id),
          by,
          message: toMessageDto(message),
          conversation: toConversationDto(conversation),
        },
      },
    },
  ]);
  if (!deps.config.smtp) return;
  for (const m of mentioned) {
    const settings: NotificationSettings = { ...defaultNotificationSettings, ...m.notifications };
    if (!settings.mentions || !settings.email) continue;
    const text = [
      `${by} mentioned you in a note on the conversation with ${conversation.customerName}:`,
      '',
      message.content,
      '',
      `Open it in the console: ${serverOrigin(deps.config)}/console/`,
      '',
      'You get these emails when a colleague mentions you; change that under Account in the console.',
    ].join('\n');
    await enqueueEmail(
      deps.db,
      {
        to: m.email,
        subject: `${by} mentioned you: ${conversation.customerName}`.slice(0, 200),
        text,
        key: `mention:${message.id}:${m.id}`,
        kind: 'mention',
        automatic: true,
      },
      now,
    );
  }
}
