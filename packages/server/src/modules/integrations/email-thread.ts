// How our emails thread: every conversation has a root Message-ID and a reply address that names it, signed so that
// nobody can write into a conversation by guessing its address. The signing key is made once and kept in the
// settings table, so every node (and a restart) signs alike.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';
import { randomSecret } from '../../lib/secrets.js';

const KEY_ROW = 'email_reply_key';

/** The reply-address signing key (made on first use; read once per node, at start). */
export async function loadReplyKey(db: Executor): Promise<string> {
  await db
    .insert(settings)
    .values({ key: KEY_ROW, value: randomSecret(32) })
    .onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY_ROW));
  return String(row!.value);
}

const sign = (key: string, conversationId: string) =>
  createHmac('sha256', key).update(`reply:${conversationId}`).digest('hex').slice(0, 16);

/** `reply+<conversation id>.<signature>@<domain>`: where a customer's answer to our email goes. */
export function replyAddress(key: string, domain: string, conversationId: string): string {
  return `reply+${conversationId}.${sign(key, conversationId)}@${domain}`;
}

const REPLY = /^reply\+([0-9a-f-]{36})\.([0-9a-f]{16})@(.+)$/i;

/** The conversation a reply address names, when its signature holds. */
export function conversationOfAddress(key: string, domain: string, address: string): string | undefined {
  const m = REPLY.exec(address.trim().toLowerCase());
  if (!m || m[3] !== domain) return undefined;
  const [, id, sig] = m as unknown as [string, string, string];
  const want = Buffer.from(sign(key, id));
  return timingSafeEqual(want, Buffer.from(sig)) ? id : undefined;
}

/** The Message-ID every email of a conversation refers to, so that mail clients keep them in one thread. */
export const threadRoot = (domain: string, conversationId: string) => `<c-${conversationId}@${domain}>`;
/** The Message-ID of one outgoing notification. */
export const notificationMessageId = (domain: string, notificationId: string) => `<n-${notificationId}@${domain}>`;

const OURS = /<([cn])-([0-9a-f-]{36})@([^>\s]+)>/gi;

/** Our ids that a reply's In-Reply-To and References name: conversations (c) and notifications (n). */
export function referencedIds(domain: string, headers: string[]): { conversations: string[]; notifications: string[] } {
  const out = { conversations: [] as string[], notifications: [] as string[] };
  for (const h of headers) {
    for (const m of h.slice(0, 20_000).matchAll(OURS)) {
      if (m[3]!.toLowerCase() !== domain) continue;
      (m[1]!.toLowerCase() === 'c' ? out.conversations : out.notifications).push(m[2]!.toLowerCase());
    }
  }
  return out;
}
