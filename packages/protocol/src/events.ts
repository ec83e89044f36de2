// Server -> client realtime events that services emit through the bus. The WebSocket gateway
// (issue 3) forwards these frames verbatim; each carries conversationId, data and timestamp.
import { z } from 'zod';
import { Conversation, ConversationStatus, Message, Ticket } from './entities.js';
import { isoDateTime, uuid } from './text.js';

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), conversationId: uuid, data, timestamp: isoDateTime });

export const MessageEvent = envelope('message', Message);
export const StatusChangeEvent = envelope(
  'status_change',
  z.object({ status: ConversationStatus, previousStatus: ConversationStatus, conversation: Conversation }),
);
export const AgentAssignedEvent = envelope(
  'agent_assigned',
  z.object({ agentId: uuid.nullable(), agentName: z.string().nullable(), conversation: Conversation }),
);
export const TicketUpdateEvent = envelope('ticket_update', z.object({ ticket: Ticket }));

export const ServerEvent = z.discriminatedUnion('type', [
  MessageEvent,
  StatusChangeEvent,
  AgentAssignedEvent,
  TicketUpdateEvent,
]);
export type ServerEvent = z.infer<typeof ServerEvent>;
export type ServerEventType = ServerEvent['type'];
