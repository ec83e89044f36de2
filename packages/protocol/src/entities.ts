// The entities as they travel in JSON (camelCase; timestamps as ISO-8601 strings).
import { z } from 'zod';
import { isoDateTime, nonEmptyText, text, uuid } from './text.js';

import {
  agentStatuses,
  channels,
  conversationStatuses,
  messageTypes,
  offlineModes,
  priorities,
  reactionEmojis,
  senderTypes,
  ticketStatuses,
  userRoles,
  widgetPositions,
  apiKeyScopes,
  slaTargets,
} from './constants.js';

export {
  agentStatuses,
  channels,
  conversationStatuses,
  messageTypes,
  offlineModes,
  priorities,
  senderTypes,
  ticketStatuses,
  userRoles,
  widgetPositions,
};

export const ConversationStatus = z.enum(conversationStatuses);
export const Channel = z.enum(channels);
export const Priority = z.enum(priorities);
export const SenderType = z.enum(senderTypes);
export const MessageType = z.enum(messageTypes);
export const AgentStatus = z.enum(agentStatuses);
export const TicketStatus = z.enum(ticketStatuses);
export const UserRole = z.enum(userRoles);

const nullableTime = isoDateTime.nullable();
const metadataOut = z.record(z.string(), z.unknown());

export const Attachment = z.object({
  url: z.string(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int().nonnegative(),
});

/** An attachment as a client sends it (REST and socket alike): an upload's URL or an http(s) link. */
export const AttachmentIn = z.object({
  url: text(2000).refine((u) => /^(https?:\/\/|\/api\/uploads\/)/i.test(u), 'must be an http(s) or upload URL'),
  name: nonEmptyText(255),
  mimeType: nonEmptyText(255),
  size: z
    .number()
    .int()
    .nonnegative()
    .max(100 * 1024 * 1024),
});

export const Conversation = z.object({
  id: uuid,
  siteId: uuid,
  customerId: z.string(),
  /** Never empty: anonymous visitors are "Visitor 4821" until they give a name. */
  customerName: z.string(),
  customerEmail: z.string().nullable(),
  customerVerified: z.boolean(),
  agentId: uuid.nullable(),
  agentName: z.string().nullable(),
  teamId: uuid.nullable(),
  status: ConversationStatus,
  channel: Channel,
  subject: z.string().nullable(),
  priority: Priority,
  /** Staff only: absent from what a visitor receives, like requiredSkills and routingRuleId. */
  tags: z.array(z.string()).optional(),
  metadata: metadataOut,
  requiredSkills: z.array(z.string()).optional(),
  routingRuleId: uuid.nullable().optional(),
  queuedAt: nullableTime,
  /** How long it waited in the queue before an agent took it (or the customer left), summed over every wait. */
  queuedSeconds: z.number().int().nonnegative(),
  lastSeq: z.number().int(),
  startedAt: isoDateTime,
  lastMessageAt: nullableTime,
  firstResponseAt: nullableTime,
  assignedAt: nullableTime,
  resolvedAt: nullableTime,
  closedAt: nullableTime,
  /**
   * Staff only, like tags. Set while an agent has put the conversation aside: it comes back at `snoozedUntil`, or
   * (always) when the customer writes; `snoozedUntil` null while snoozed means "until the customer replies".
   */
  snoozedAt: nullableTime.optional(),
  snoozedUntil: nullableTime.optional(),
  /** Staff only: when a snooze last ended by itself (time or reply); cleared by the agent's next reply. */
  unsnoozedAt: nullableTime.optional(),
  /**
   * Set when an agent merged this conversation into another (`POST /api/chat/:id/merge`): its messages are there now
   * and it is closed. The widget follows it; so does a reply to one of its emails.
   */
  mergedIntoId: uuid.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

/** One emoji on a message and who put it there: 'customer', or an agent's id. */
export const Reaction = z.object({ emoji: z.enum(reactionEmojis), by: z.array(z.string()) });
export type Reaction = z.infer<typeof Reaction>;

export const Message = z.object({
  id: uuid,
  conversationId: uuid,
  seq: z.number().int().positive(),
  senderType: SenderType,
  /** The customer's id, the agent's id, or 'system'. */
  senderId: z.string(),
  senderName: z.string(),
  content: z.string(),
  messageType: MessageType,
  attachments: z.array(Attachment),
  clientMessageId: z.string().nullable(),
  /** A private note: agents only, never sent to the customer. */
  isPrivate: z.boolean(),
  readAt: nullableTime,
  metadata: metadataOut,
  /** Absent until someone reacts: each emoji with who reacted ('customer', or an agent's id), in the set's order. */
  reactions: z.array(Reaction).optional(),
  createdAt: isoDateTime,
});

/** A phone number in E.164 form (+ and 8-15 digits), what SMS gateways take. */
export const PhoneNumber = z
  .string()
  .regex(/^\+[1-9]\d{7,14}$/, 'must be a phone number in E.164 form, such as +14155550100');

export const Agent = z.object({
  id: uuid,
  userId: uuid,
  name: z.string(),
  email: z.string(),
  avatarUrl: z.string().nullable(),
  /** Texted for high and urgent tickets assigned to them and their tickets' SLA warnings (when SMS is set up). */
  phone: PhoneNumber.nullable(),
  status: AgentStatus,
  /** The primary team; teamIds lists every team the agent belongs to. */
  teamId: uuid.nullable(),
  teamName: z.string().nullable(),
  skills: z.array(z.string()),
  teamIds: z.array(uuid),
  maxConcurrentChats: z.number().int(),
  activeChats: z.number().int(),
  totalChats: z.number().int(),
  /** Mean CSAT (1-5) over the agent's rated conversations; 0 until the first rating. */
  averageRating: z.number(),
  /** Whole seconds from a conversation's start to the agent's first reply, averaged; 0 until measured. */
  averageResponseTime: z.number().int(),
  lastActiveAt: nullableTime,
  lastSeenAt: nullableTime,
  /** False once an admin deactivated the agent: they cannot sign in and get no chats. */
  active: z.boolean(),
  /** Their login's role: an admin agent also manages the team. */
  role: UserRole,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const Team = z.object({
  id: uuid,
  name: z.string(),
  description: z.string().nullable(),
  assignmentMode: z.enum(['auto', 'manual']),
  memberIds: z.array(uuid),
  /** Skills a chat sent to this team asks of its agent when the routing rule names none. */
  defaultSkills: z.array(z.string()),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

/** A label's colour, as `#rrggbb`. */
export const LabelColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #2563eb');

/**
 * A label admins keep in the catalogue: its name is the tag put on conversations and tickets, its colour how every
 * console shows that tag. Tags not in the catalogue still work (grey, no completion).
 */
export const Label = z.object({
  id: uuid,
  name: z.string(),
  color: LabelColor,
  description: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

/** An agent's named conversation view: the list's filters, as the query string the console shows in its URL. */
export const SavedView = z.object({
  id: uuid,
  name: z.string(),
  query: z.string(),
  createdAt: isoDateTime,
});

/**
 * A customer as the team knows them on one site: their conversations' name and email (editing them renames every
 * conversation of theirs), a phone and free attributes. Until someone edits it, it is read from their newest chat.
 */
export const Contact = z.object({
  siteId: uuid,
  customerId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  attributes: metadataOut,
  /** Null until someone edits the contact. */
  updatedAt: nullableTime,
});
export type Contact = z.infer<typeof Contact>;

/** A note about the customer (not about one conversation): staff only. */
export const ContactNote = z.object({ id: uuid, body: z.string(), authorName: z.string(), createdAt: isoDateTime });
export type ContactNote = z.infer<typeof ContactNote>;

/** One step of a macro, run in order against the open conversation. */
export const MacroAction = z.discriminatedUnion('type', [
  /** Send this reply to the customer. */
  z.strictObject({ type: z.literal('reply'), content: nonEmptyText(10_000) }),
  /** Add this private note. */
  z.strictObject({ type: z.literal('note'), content: nonEmptyText(10_000) }),
  /** Add these labels (those it has stay). */
  z.strictObject({ type: z.literal('addLabels'), labels: z.array(nonEmptyText(50)).min(1).max(10) }),
  z.strictObject({ type: z.literal('setPriority'), priority: Priority }),
  /** Give the conversation to this team (it stays with its agent). */
  z.strictObject({ type: z.literal('assignTeam'), teamId: uuid }),
  z.strictObject({ type: z.literal('resolve') }),
]);
export type MacroAction = z.infer<typeof MacroAction>;

/** A named sequence of actions: shared with every agent (no owner), or one agent's own. */
export const Macro = z.object({
  id: uuid,
  name: z.string(),
  actions: z.array(MacroAction),
  /** The user it belongs to; null: shared (admins keep those). */
  ownerId: uuid.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Macro = z.infer<typeof Macro>;

/** What the console alerts this user about while it is in the background. */
export const NotificationSettings = z.object({
  queued: z.boolean(),
  assigned: z.boolean(),
  messages: z.boolean(),
  sound: z.boolean(),
  email: z.boolean(),
  emailAfterMinutes: z.number().int().min(1).max(1440),
  mentions: z.boolean(),
});

export const User = z.object({
  id: uuid,
  email: z.string(),
  name: z.string(),
  role: UserRole,
  agentId: uuid.nullable(),
  notifications: NotificationSettings,
  createdAt: isoDateTime,
});

export const Ticket = z.object({
  id: uuid,
  conversationId: uuid,
  customerId: z.string(),
  customerName: z.string(),
  customerEmail: z.string().nullable(),
  assignedAgentId: uuid.nullable(),
  assignedAgentName: z.string().nullable(),
  assignedTeamId: uuid.nullable(),
  assignedTeamName: z.string().nullable(),
  subject: z.string(),
  description: z.string(),
  status: TicketStatus,
  priority: Priority,
  /** Staff only (as are tags): absent from what a visitor receives. */
  category: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  /** When the ticket is due to be resolved (the seed's SLA due date). */
  slaDueAt: isoDateTime,
  /** When its first answer from an agent is due. */
  firstResponseDueAt: isoDateTime,
  /** Staff only: when the ticket first missed an SLA target, and which (null: none missed so far). */
  slaBreachedAt: nullableTime.optional(),
  slaBreachedTarget: z.enum(slaTargets).nullable().optional(),
  /** Set while the SLA clock is stopped (the ticket waits on the customer and the policy pauses then). */
  slaPausedAt: nullableTime,
  firstResponseAt: nullableTime,
  resolvedAt: nullableTime,
  closedAt: nullableTime,
  metadata: metadataOut,
  /** Set when an agent merged this ticket into another (`POST /api/tickets/:id/merge`): it is closed, its thread there. */
  mergedIntoId: uuid.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

/** See ProactiveTriggerSettings: which pages, after how long, what the widget says (once per visitor). */
export const ProactiveTrigger = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, - or _'),
  urlPattern: z
    .string()
    .trim()
    .max(200)
    .regex(/^\/\S*$/, 'must be a path such as /pricing or /docs/* (* matches anything)'),
  delaySeconds: z.number().int().min(0).max(3600),
  message: nonEmptyText(300),
});

/** How the widget looks and behaves on a site. Empty texts mean the widget's own words, in the visitor's language. */
export const WidgetSettings = z.object({
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #2563eb'),
  position: z.enum(widgetPositions),
  teamName: text(60),
  greeting: text(300),
  launcherText: text(40),
  offlineMode: z.enum(offlineModes),
  proactive: z
    .array(ProactiveTrigger)
    .max(10)
    .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, 'each trigger needs its own id'),
});

/** `HH:MM` on a 24-hour clock; `24:00` is the end of the day. */
const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time such as 09:00');
const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
/** An IANA time zone name (Europe/Berlin, UTC). */
export const TimeZone = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin');

export const BusinessDay = z
  .object({ open: z.boolean(), from: clockTime, to: clockTime })
  .refine((d) => d.from < d.to, { message: 'must end after it starts', path: ['to'] });
export const Holiday = z.object({
  date: z.iso.date(),
  name: text(100),
});
/** When the team answers: a weekly schedule (Monday first) in one time zone, and whole days off. */
export const BusinessHours = z
  .object({
    /** Off: the team answers around the clock (availability then depends on who is online only). */
    enabled: z.boolean(),
    timeZone: TimeZone,
    days: z.array(BusinessDay).length(7),
    holidays: z.array(Holiday).max(100),
  })
  .refine((b) => new Set(b.holidays.map((h) => h.date)).size === b.holidays.length, {
    message: 'each date once',
    path: ['holidays'],
  })
  .refine((b) => !b.enabled || b.days.some((d) => d.open), {
    message: 'at least one day must be open while business hours are on',
    path: ['days'],
  });

export const Site = z.object({
  id: uuid,
  name: z.string(),
  siteKey: z.string(),
  allowedOrigins: z.array(z.string()),
  requireVerification: z.boolean(),
  /** The identity secret's last four characters, to tell which one a server holds (the secret is shown once). */
  identitySecretHint: z.string(),
  /** When the identity secret was made (on create, or by the last rotation). */
  identitySecretSetAt: isoDateTime,
  /** The site created on first start (ALLOWED_ORIGINS applies to it). */
  isDefault: z.boolean(),
  widget: WidgetSettings,
  businessHours: BusinessHours,
  /** Email the customer a summary of the conversation when it is resolved (when their address is known). */
  emailSummaryOnResolve: z.boolean(),
  /** Where the site stands as this answer is made: what its visitors see right now. */
  hoursNow: z.object({ withinBusinessHours: z.boolean(), nextOpenAt: isoDateTime.nullable() }),
  createdAt: isoDateTime,
});

export const RuleConditions = z.object({
  channels: z.array(Channel).max(10).optional(),
  keywords: z.array(nonEmptyText(100)).max(50).optional(),
  pageUrlContains: z.array(nonEmptyText(500)).max(50).optional(),
  attributes: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), z.union([text(500), z.number(), z.boolean()]))
    .refine((o) => Object.keys(o).length <= 20, 'at most 20 attributes')
    .optional(),
});

export const RoutingRule = z.object({
  id: uuid,
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  conditions: RuleConditions,
  teamId: uuid.nullable(),
  requiredSkills: z.array(z.string()),
  priority: Priority.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const CannedResponse = z.object({
  id: uuid,
  title: z.string(),
  content: z.string(),
  shortcut: z.string().nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  /** Set: private to this agent. */
  agentId: uuid.nullable(),
  /** Set: shared with this team's members (and admins). Neither set: shared with every agent. */
  teamId: uuid.nullable(),
  teamName: z.string().nullable(),
  usageCount: z.number().int(),
  /** When an agent last used it (null: never). */
  lastUsedAt: nullableTime,
  /** The user who wrote it. */
  createdBy: uuid,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const ApiKeyScope = z.enum(apiKeyScopes);
export const ApiKey = z.object({
  id: uuid,
  name: z.string(),
  prefix: z.string(),
  scope: ApiKeyScope,
  lastUsedAt: nullableTime,
  revokedAt: nullableTime,
  createdAt: isoDateTime,
});

export type Attachment = z.infer<typeof Attachment>;
export type Conversation = z.infer<typeof Conversation>;
export type Message = z.infer<typeof Message>;
export type Agent = z.infer<typeof Agent>;
export type Team = z.infer<typeof Team>;
export type Label = z.infer<typeof Label>;
export type SavedView = z.infer<typeof SavedView>;
export type User = z.infer<typeof User>;
export type Ticket = z.infer<typeof Ticket>;
export type Site = z.infer<typeof Site>;
export type WidgetSettings = z.infer<typeof WidgetSettings>;
export type BusinessHours = z.infer<typeof BusinessHours>;
export type BusinessDay = z.infer<typeof BusinessDay>;
export type ApiKey = z.infer<typeof ApiKey>;
export type CannedResponse = z.infer<typeof CannedResponse>;
export type RoutingRule = z.infer<typeof RoutingRule>;
export type RuleConditions = z.infer<typeof RuleConditions>;
export type ConversationStatus = z.infer<typeof ConversationStatus>;
export type Channel = z.infer<typeof Channel>;
export type Priority = z.infer<typeof Priority>;
export type SenderType = z.infer<typeof SenderType>;
export type MessageType = z.infer<typeof MessageType>;
export type AgentStatus = z.infer<typeof AgentStatus>;
export type TicketStatus = z.infer<typeof TicketStatus>;
export type UserRole = z.infer<typeof UserRole>;
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;
export type NotificationSettings = z.infer<typeof NotificationSettings>;
