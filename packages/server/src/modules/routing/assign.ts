// Giving a conversation to an agent, race-free: the conversation row and then the agent row are locked, the
// agent's active chats are counted under that lock, and the limit is checked before anything changes. Every path
// that adds a chat to an agent (router, accept, transfer, PUT agentId) locks the agent row, so two nodes can never
// push an agent past max_concurrent_chats or give one chat to two agents.
import { eq, sql } from 'drizzle-orm';
import type { ServerEvent } from '@support-chat/protocol';
import type { Tx } from '../../db/client.js';
import { agents, conversations } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { topics } from '../../bus/bus.js';
import { publishAll, type TopicEvent } from '../../bus/publish.js';
import { leftQueue, toConversationDto, toMessageDto, type ConversationRow } from '../chat/dto.js';
import { appendMessage, systemLine, systemSender, systemText, type AppendResult } from '../chat/messages.js';
import { refreshActiveChats } from '../agents/counters.js';
import { lockAgentWithRoom } from '../agents/capacity.js';

export type AgentRow = typeof agents.$inferSelect;

export interface Assignment {
  before: ConversationRow;
  after: ConversationRow;
  agentName: string;
  joined: AppendResult;
}

/**
 * Makes `agentId` the conversation's agent, live, with a system message ("Jane joined the chat").
 * `mode` decides what the conversation must look like: `queue` (router and accept) needs it queued and
 * unassigned; `transfer` needs it held by someone else already checked by the caller.
 */
export async function assignTx(
  deps: Pick<Deps, 'integrations'>,
  tx: Tx,
  locked: ConversationRow,
  agentId: string,
  now: Date,
  opts: { mustBeOnline?: boolean } = {},
): Promise<Assignment> {
  const { agent } = await lockAgentWithRoom(tx, agentId, opts);
  const [updated] = await tx
    .update(conversations)
    .set({ agentId, status: 'active', assignedAt: now, updatedAt: now, resolvedAt: null, ...leftQueue(locked, now) })
    .where(eq(conversations.id, locked.id))
    .returning();
  await tx
    .update(agents)
    .set({ totalChats: sql`${agents.totalChats} + 1`, lastAssignedAt: now })
    .where(eq(agents.id, agentId));
  await refreshActiveChats(tx, [agentId, locked.agentId]);
  const joined = await appendMessage(
    tx,
    updated!,
    systemSender,
    {
      content: systemText(systemLine('joined', agent.name)),
      messageType: 'system',
      attachments: [],
      // What happened, for a widget to say in the visitor's language (content is the English line).
      metadata: systemLine('joined', agent.name),
    },
    now,
  );
  const conversation = toConversationDto(joined.conversation);
  await deps.integrations.emit(
    tx,
    [
      { type: 'conversation.assigned', conversationId: locked.id, data: { conversation } },
      ...(locked.status !== 'active'
        ? [
            {
              type: 'conversation.status_changed' as const,
              conversationId: locked.id,
              data: { conversation, previousStatus: locked.status },
            },
          ]
        : []),
    ],
    now,
  );
  return { before: locked, after: joined.conversation, agentName: agent.name, joined };
}

export function assignmentEvents(a: Assignment, now: Date): TopicEvent[] {
  const timestamp = now.toISOString();
  const id = a.after.id;
  const topic = topics.conversation(id);
  const conversation = toConversationDto(a.after);
  const events: { topic: string; event: ServerEvent }[] = [
    {
      topic,
      event: {
        type: 'agent_assigned',
        conversationId: id,
        timestamp,
        data: { agentId: a.after.agentId, agentName: a.agentName, conversation },
      },
    },
  ];
  if (a.before.status !== a.after.status) {
    events.push({
      topic,
      event: {
        type: 'status_change',
        conversationId: id,
        timestamp,
        data: { status: a.after.status, previousStatus: a.before.status, conversation },
      },
    });
  }
  events.push({
    topic,
    event: { type: 'message', conversationId: id, timestamp, data: toMessageDto(a.joined.message) },
  });
  return events;
}

export async function publishAssignment(deps: Pick<Deps, 'bus' | 'log'>, a: Assignment, now: Date) {
  await publishAll(deps, assignmentEvents(a, now));
}
