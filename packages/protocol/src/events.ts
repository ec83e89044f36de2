// WebSocket frames, both directions, as zod discriminated unions. Server frames all carry
// `conversationId` (where one applies), `data` and `timestamp`, as in the seed's event contract.
import { z } from 'zod';
import {
  AgentStatus,
  AttachmentIn,
  Conversation,
  ConversationStatus,
  Message,
  MessageType,
  Reaction,
  SenderType,
  Ticket,
} from './entities.js';
import { conversationDetails, slaTargets } from './constants.js';
import { LiveOverview } from './analytics.js';
import { LIMITS } from './rest.js';
import { isoDateTime, nonEmptyText, text, uuid } from './text.js';

// ---- server -> client -----------------------------------------------------------------------------------

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), conversationId: uuid, data, timestamp: isoDateTime });
const global = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), conversationId: uuid.optional(), data, timestamp: isoDateTime });

export const MessageEvent = envelope('message', Message);
export const TypingEvent = envelope(
  'typing',
  z.object({ userId: z.string(), userName: z.string().nullable(), userType: SenderType, isTyping: z.boolean() }),
);
export const ReadEvent = envelope(
  'read',
  z.object({ messageId: uuid, seq: z.number().int(), readAt: isoDateTime, readerType: SenderType }),
);
export const StatusChangeEvent = envelope(
  'status_change',
  z.object({ status: ConversationStatus, previousStatus: ConversationStatus, conversation: Conversation }),
);
export const AgentAssignedEvent = envelope(
  'agent_assigned',
  z.object({ agentId: uuid.nullable(), agentName: z.string().nullable(), conversation: Conversation }),
);
/**
 * To staff consoles: a conversation's details changed (labels, priority, subject, team, snooze) without a change of
 * status or agent, which have their own events. `fields` names what changed.
 */
export const ConversationUpdateEvent = envelope(
  'conversation_update',
  z.object({ conversation: Conversation, fields: z.array(z.enum(conversationDetails)) }),
);
/**
 * To staff consoles: a private note mentions these agents (`@name`); each mentioned agent's console alerts them.
 * Notes are staff business: never sent to a visitor.
 */
export const MentionEvent = envelope(
  'mention',
  z.object({ agentIds: z.array(uuid), by: z.string(), message: Message, conversation: Conversation }),
);
/** Someone reacted to a message (or took a reaction back): its reactions as they are now. */
export const ReactionEvent = envelope(
  'reaction',
  z.object({
    messageId: uuid,
    seq: z.number().int().positive(),
    reactions: z.array(Reaction),
  }),
);
/**
 * Another conversation was merged into `intoId` (sent on both): the thread there now holds both, renumbered in time
 * order after every seq handed out before, so a client reloads it (or simply follows `intoId`).
 */
export const ConversationMergedEvent = envelope(
  'conversation_merged',
  z.object({ sourceId: uuid, intoId: uuid, conversation: Conversation, moved: z.number().int() }),
);
export const TicketUpdateEvent = envelope('ticket_update', z.object({ ticket: Ticket }));
/**
 * To staff consoles: a ticket's SLA target is about to be missed (`warning`, `minutesRemaining` before it), or was
 * (`breach`). Never sent to visitors.
 */
export const SlaAlertEvent = global(
  'sla_alert',
  z.object({
    kind: z.enum(['warning', 'breach']),
    target: z.enum(slaTargets),
    ticket: Ticket,
    dueAt: isoDateTime,
    minutesRemaining: z.number().int(),
  }),
);
export const QueueUpdateEvent = envelope(
  'queue_update',
  z.object({ position: z.number().int().nonnegative(), estimatedWaitSeconds: z.number().nonnegative().nullable() }),
);
export const PresenceEvent = global(
  'presence',
  z.object({ agentId: uuid, status: AgentStatus, lastActiveAt: isoDateTime.nullable() }),
);

/** Events that services publish on the bus; the gateway forwards them to subscribed sockets. */
export const ServerEvent = z.discriminatedUnion('type', [
  MessageEvent,
  TypingEvent,
  ReadEvent,
  StatusChangeEvent,
  AgentAssignedEvent,
  ConversationUpdateEvent,
  MentionEvent,
  ReactionEvent,
  ConversationMergedEvent,
  TicketUpdateEvent,
  SlaAlertEvent,
  QueueUpdateEvent,
  PresenceEvent,
]);
export type ServerEvent = z.infer<typeof ServerEvent>;
export type ServerEventType = ServerEvent['type'];

/**
 * Long-poll (`GET /api/chat/:id/events`): everything a socket following the conversation would get, in the same
 * order, from the same cursor (the last message seq seen). `lastSeq` is the cursor for the next poll.
 */
export const ListEventsQuery = z.strictObject({
  afterSeq: z.coerce.number().int().min(0).max(2_147_483_647),
  /** Hold the request up to this many seconds until something happens. */
  wait: z.coerce.number().int().min(0).max(30).default(25),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  /**
   * A client-chosen id for this poller (random, one per connection): between two of its polls the server keeps
   * collecting, so typing, read and status events in that gap are not lost.
   */
  stream: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, _ or -')
    .optional(),
});
export const ListEventsResponse = z.object({ events: z.array(ServerEvent), lastSeq: z.number().int() });
export type ListEventsResponse = z.infer<typeof ListEventsResponse>;
export type ListEventsParams = z.input<typeof ListEventsQuery>;

/** Frames only the gateway itself sends, to one socket. */
export const HelloFrame = global(
  'hello',
  z.object({
    connectionId: z.string(),
    callerType: z.enum(['visitor', 'agent']),
    subscriptions: z.array(uuid),
    /** Where delivery starts for each subscription: messages after these seqs will follow. */
    lastSeqs: z.record(z.string(), z.number().int()),
    heartbeatMs: z.number().int(),
  }),
);
export const PongFrame = global('pong', z.object({}));
/** Answers a client frame that carried an `id`: the stored message for a send, the last seq for a resume. */
export const AckFrame = global(
  'ack',
  z.object({
    ref: z.string().optional(),
    message: Message.optional(),
    lastSeq: z.number().int().optional(),
    subscriptions: z.array(uuid).optional(),
  }),
);
export const ErrorFrame = global(
  'error',
  z.object({ code: z.string(), message: z.string(), ref: z.string().optional() }),
);

/** Staff sockets that sent `watch_live`: the live overview, now and every few seconds. */
export const LiveOverviewFrame = global('live_overview', LiveOverview);

export const ServerFrame = z.discriminatedUnion('type', [
  MessageEvent,
  TypingEvent,
  ReadEvent,
  StatusChangeEvent,
  AgentAssignedEvent,
  ConversationUpdateEvent,
  MentionEvent,
  ReactionEvent,
  ConversationMergedEvent,
  TicketUpdateEvent,
  SlaAlertEvent,
  QueueUpdateEvent,
  PresenceEvent,
  HelloFrame,
  PongFrame,
  AckFrame,
  ErrorFrame,
  LiveOverviewFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type ServerFrameType = ServerFrame['type'];

// ---- client -> server -----------------------------------------------------------------------------------

/**
 * `conversationId` may be omitted on a socket opened with `?conversationId=` (as in the seed); `id` is echoed in
 * the `ack` or `error` that answers the frame.
 */
const clientFrame = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), id: nonEmptyText(100).optional(), conversationId: uuid.optional(), data });

export const ClientMessageFrame = clientFrame(
  'message',
  z
    .object({
      content: text(LIMITS.messageContent),
      messageType: MessageType.exclude(['system']).default('text'),
      attachments: z.array(AttachmentIn).max(10).default([]),
      clientMessageId: nonEmptyText(100),
      isPrivate: z.boolean().default(false),
    })
    .refine((d) => d.content.trim().length > 0 || d.attachments.length > 0, {
      message: 'content or attachments are required',
    }),
);
export const ClientTypingFrame = clientFrame('typing', z.object({}).default({}));
export const ClientStopTypingFrame = clientFrame('stop_typing', z.object({}).default({}));
export const ClientReadFrame = clientFrame('read', z.object({ messageId: uuid }));
export const ClientPingFrame = clientFrame('ping', z.object({}).default({}));
export const ClientResumeFrame = clientFrame('resume', z.object({ afterSeq: z.number().int().min(0) }));
export const ClientSubscribeFrame = clientFrame(
  'subscribe',
  z.object({ afterSeq: z.number().int().min(0).optional() }).default({}),
);
export const ClientUnsubscribeFrame = clientFrame('unsubscribe', z.object({}).default({}));
/** Agents: set your own status (online, away, busy, offline). */
export const ClientPresenceFrame = clientFrame('presence', z.object({ status: AgentStatus }));
/** Staff: start (or with `on: false` stop) receiving `live_overview` frames. */
export const ClientWatchLiveFrame = clientFrame(
  'watch_live',
  z.object({ on: z.boolean().default(true) }).default({ on: true }),
);

export const ClientFrame = z.discriminatedUnion('type', [
  ClientMessageFrame,
  ClientTypingFrame,
  ClientStopTypingFrame,
  ClientReadFrame,
  ClientPingFrame,
  ClientResumeFrame,
  ClientSubscribeFrame,
  ClientUnsubscribeFrame,
  ClientPresenceFrame,
  ClientWatchLiveFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ClientFrameInput = z.input<typeof ClientFrame>;

const FRAME_KEYS = new Set(['type', 'id', 'conversationId', 'data']);

/**
 * Accepts the seed's flat shape too (`{ type: 'read', messageId }`, `{ type: 'resume', conversationId, afterSeq }`):
 * fields beside type/id/conversationId move into `data` when `data` is absent.
 */
export function normalizeClientFrame(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const obj = raw as Record<string, unknown>;
  if ('data' in obj) return obj;
  const data: Record<string, unknown> = {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) (FRAME_KEYS.has(k) ? out : data)[k] = v;
  out.data = data;
  return out;
}

/** Close codes the gateway uses (RFC 6455 plus the application range). */

export const realtimeErrorCodes = [
  'INVALID_FRAME',
  'UNKNOWN_TYPE',
  'RATE_LIMITED',
  'CONVERSATION_NOT_FOUND',
  'CONVERSATION_REQUIRED',
  'FORBIDDEN',
  'CONVERSATION_CLOSED',
  'SENDER_MISMATCH',
  'CONFLICT',
  'INTERNAL_ERROR',
  'MESSAGE_NOT_FOUND',
  'SERVICE_UNAVAILABLE',
] as const;
