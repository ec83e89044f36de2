// A small bot on @support-chat/sdk: it follows the open conversations and answers customers whose message
// matches a keyword. Run it with an API key (or an agent login) against a running server; see README.md.
import { fileURLToPath } from 'node:url';
import { createNodeClient, type SupportChatClient } from '@support-chat/sdk/node';

export interface Rule {
  match: RegExp;
  reply: string;
}

export const defaultRules: Rule[] = [
  { match: /\b(hours|open|opening)\b/i, reply: 'We are here Monday to Friday, 9:00-17:00 UTC.' },
  { match: /\b(refund|money back)\b/i, reply: 'Refunds take 3-5 business days. An agent will confirm yours shortly.' },
];

export interface Bot {
  stop(): void;
  /** Conversations the bot follows right now. */
  following(): string[];
}

/** Follows queued and active conversations (re-listed every `refreshMs`) and answers matching customer messages. */
export async function startBot(
  client: SupportChatClient,
  rules: Rule[] = defaultRules,
  refreshMs = 5000,
): Promise<Bot> {
  const conn = client.connect();
  const followed = new Set<string>();

  conn.on('message', (frame) => {
    const m = frame.data;
    if (m.senderType !== 'customer') return;
    const rule = rules.find((r) => r.match.test(m.content));
    if (!rule) return;
    conn.send(rule.reply, { conversationId: frame.conversationId, clientMessageId: `bot-${m.id}` }).catch((err) => {
      console.error(`bot: could not answer in ${frame.conversationId}: ${(err as Error).message}`);
    });
  });

  const refresh = async () => {
    for (const status of ['queued', 'active'] as const) {
      const { conversations } = await client.listConversations({ status, limit: 100 });
      for (const c of conversations) {
        if (followed.has(c.id)) continue;
        followed.add(c.id);
        // Only what is said from now on: a restart does not answer old questions again.
        conn.subscribe(c.id, c.lastSeq);
      }
    }
  };
  await conn.ready();
  await refresh();
  const timer = setInterval(
    () => void refresh().catch((err) => console.error(`bot: refresh failed: ${(err as Error).message}`)),
    refreshMs,
  );
  return {
    stop() {
      clearInterval(timer);
      conn.close();
    },
    following: () => [...followed],
  };
}

async function main() {
  const baseUrl = process.env.SUPPORT_CHAT_URL ?? 'http://localhost:3000';
  const client = createNodeClient({ baseUrl, token: process.env.SUPPORT_CHAT_API_KEY });
  if (!client.token) {
    const email = process.env.BOT_EMAIL;
    const password = process.env.BOT_PASSWORD;
    if (!email || !password) {
      console.error('Set SUPPORT_CHAT_API_KEY, or BOT_EMAIL and BOT_PASSWORD of an agent.');
      process.exit(1);
    }
    await client.login(email, password);
  }
  const bot = await startBot(client);
  console.log(`bot: answering keywords on ${baseUrl}`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      bot.stop();
      process.exit(0);
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
