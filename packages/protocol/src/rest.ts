// Request and response bodies of the REST API. The server validates with these; clients type with them.
import { z } from 'zod';
import { AnalyticsSummary } from './analytics.js';
import {
  Agent,
  AgentStatus,
  ApiKey,
  AttachmentIn,
  CannedResponse,
  Channel,
  RoutingRule,
  RuleConditions,
  SavedView,
  Conversation,
  ConversationStatus,
  Contact,
  ContactNote,
  Label,
  LabelColor,
  Macro,
  MacroAction,
  Message,
  MessageType,
  Priority,
  SenderType,
  WidgetSettings,
  BusinessHours,
  ApiKeyScope,
  NotificationSettings,
  PhoneNumber,
  Team,
  Ticket,
  TicketStatus,
  User,
  UserRole,
  Site,
  priorities,
  ticketStatuses,
} from './entities.js';
import {
  cannedPlaceholders,
  defaultFirstResponseMinutes,
  isOrigin,
  reactionEmojis,
  type CannedPlaceholder,
} from './constants.js';
import { email, isoDateTime, metadata, nonEmptyText, tags, text, uuid } from './text.js';

export const LIMITS = {
  messageContent: 10_000,
  name: 200,
  subject: 500,
  ticketDescription: 20_000,
  customerId: 200,
  password: { min: 8, max: 200 },
} as const;

const customerName = nonEmptyText(LIMITS.name);
const customerId = nonEmptyText(LIMITS.customerId);

// ---- common -------------------------------------------------------------------------------------------

export const IdParams = z.object({ id: uuid });

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Integers from a query string ("?limit=20"). */
const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** A yes/no in a query string: "true" or "false", nothing else. */
const queryBool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

// ---- chat ---------------------------------------------------------------------------------------------

export const StartChatBody = z.strictObject({
  /** The host site's own id for the customer; omitted for anonymous visitors. */
  customerId: customerId.optional(),
  customerName: customerName.optional(),
  customerEmail: email.optional(),
  /** hex HMAC-SHA256(identitySecret, customerId), computed on the site owner's server. */
  customerHash: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters')
    .optional(),
  subject: nonEmptyText(LIMITS.subject).optional(),
  channel: Channel.optional(),
  priority: Priority.optional(),
  tags: tags.optional(),
  /** Public site key; the default site when omitted. */
  siteKey: nonEmptyText(100).optional(),
  metadata: metadata.optional(),
  /** An opening message, stored as the conversation's first message. */
  message: nonEmptyText(LIMITS.messageContent).optional(),
});
export type StartChatBody = z.input<typeof StartChatBody>;

export const StartChatResponse = z.object({ conversation: Conversation, visitorToken: z.string() });

export const ConversationResponse = z.object({ conversation: Conversation });

/** Until a time (in the future, within a year), or until the customer writes again. */
export const Snooze = z.union([
  z.strictObject({ until: isoDateTime }),
  z.strictObject({ untilReply: z.literal(true) }),
]);
export type Snooze = z.infer<typeof Snooze>;

export const UpdateConversationBody = z
  .strictObject({
    status: ConversationStatus.optional(),
    subject: nonEmptyText(LIMITS.subject).nullable().optional(),
    tags: tags.optional(),
    priority: Priority.optional(),
    /** Assign to an agent, or null to return the conversation to the queue. */
    agentId: uuid.nullable().optional(),
    teamId: uuid.nullable().optional(),
    /** Put an active conversation aside until a time or until the customer replies; null brings it back now. */
    snooze: Snooze.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export type UpdateConversationBody = z.input<typeof UpdateConversationBody>;

/**
 * Merge another conversation (or ticket) of the same customer into this one: `sourceId`'s messages join this thread in
 * time order and it is closed, pointing here.
 */
export const MergeBody = z.strictObject({ sourceId: uuid });
export type MergeBody = z.input<typeof MergeBody>;
/** The conversation that stays, and how many of the other's messages moved into it. */
export const MergeConversationResponse = z.object({ conversation: Conversation, moved: z.number().int() });
export type MergeConversationResponse = z.infer<typeof MergeConversationResponse>;

/** The conversation list's filters, all combinable; a saved view is a set of them as a query string. */
export const ConversationFilters = z.strictObject({
  status: ConversationStatus.optional(),
  channel: Channel.optional(),
  agentId: uuid.optional(),
  customerId: customerId.optional(),
  /** true: only conversations no agent holds (waiting in the queue, or ended without one). */
  unassigned: queryBool.optional(),
  teamId: uuid.optional(),
  priority: Priority.optional(),
  /** true: only snoozed conversations; false: none of them. */
  snoozed: queryBool.optional(),
  /** Conversations that carry this label (tag). */
  label: nonEmptyText(50).optional(),
  /** Started at or after this instant. */
  from: isoDateTime.optional(),
  /** Started before this instant. */
  to: isoDateTime.optional(),
});
export type ConversationFilters = z.input<typeof ConversationFilters>;
export const ListConversationsQuery = ConversationFilters.extend({
  limit: queryInt(1, 100).default(50),
  offset: queryInt(0, 1_000_000).default(0),
});
export const ListConversationsResponse = z.object({ conversations: z.array(Conversation), total: z.number().int() });

export const SendMessageBody = z
  .strictObject({
    content: text(LIMITS.messageContent),
    messageType: MessageType.exclude(['system']).default('text'),
    attachments: z.array(AttachmentIn).max(10).default([]),
    /** Chosen by the client so a retry of the same send never stores a second copy. */
    clientMessageId: nonEmptyText(100).optional(),
    /** Agents only: a private note, shown to agents and never to the customer. */
    isPrivate: z.boolean().default(false),
    /** Free-form facts about the message (flat: strings, numbers, booleans). */
    metadata: metadata.optional(),
    /** Accepted for compatibility; the server decides who is sending and refuses a mismatch. */
    senderType: SenderType.optional(),
    senderId: z.unknown().optional(),
    senderName: z.unknown().optional(),
  })
  .refine((b) => b.content.trim().length > 0 || b.attachments.length > 0, {
    message: 'content or attachments are required',
    path: ['content'],
  });
export type SendMessageBody = z.input<typeof SendMessageBody>;
export const MessageResponse = z.object({ message: Message });

export const ListMessagesQuery = z
  .strictObject({
    limit: queryInt(1, 200).default(50),
    beforeSeq: queryInt(1, 2_147_483_647).optional(),
    afterSeq: queryInt(0, 2_147_483_647).optional(),
    /** Long-poll: with afterSeq, hold the request up to this many seconds until something newer arrives. */
    wait: queryInt(0, 30).optional(),
    /** Only messages matching these words (full-text, prefix match), newest page first. */
    q: nonEmptyText(200).optional(),
  })
  .refine((q) => q.beforeSeq === undefined || q.afterSeq === undefined, {
    message: 'use beforeSeq or afterSeq, not both',
  })
  .refine((q) => !q.wait || q.afterSeq !== undefined, { message: 'wait needs afterSeq', path: ['wait'] });
export const ListMessagesResponse = z.object({ messages: z.array(Message), hasMore: z.boolean() });

export const MarkReadBody = z.strictObject({ messageId: uuid });
export const MarkReadResponse = z.object({
  messageId: uuid,
  seq: z.number().int(),
  readAt: isoDateTime.nullable(),
  /** How many of the other side's messages this read marked. */
  marked: z.number().int(),
});
export const TypingBody = z.strictObject({ isTyping: z.boolean() });

export const QueueQuery = z.strictObject({ teamId: uuid.optional() });
export const QueueEntry = z.object({
  conversation: Conversation,
  position: z.number().int().positive(),
  waitingSeconds: z.number().int().nonnegative(),
  /** null when no online agent could take it (see docs/routing.md for the formula). */
  estimatedWaitSeconds: z.number().int().nonnegative().nullable(),
});
export const QueueResponse = z.object({ queue: z.array(QueueEntry) });

export const RateConversationBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: text(2000).optional(),
});
export const ConversationRating = z.object({
  conversationId: uuid,
  rating: z.number().int().min(1).max(5),
  comment: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export const TranscriptBody = z.strictObject({ email: email.optional() });
export const TranscriptResponse = z.object({
  queued: z.boolean(),
  to: z.string(),
  /** True when a link was mailed first: the transcript follows once the visitor opens it (unverified addresses). */
  confirmationRequired: z.boolean(),
});
export type TranscriptResponse = z.infer<typeof TranscriptResponse>;

export const RatingResponse = z.object({ rating: ConversationRating.nullable() });
export type ConversationRating = z.infer<typeof ConversationRating>;

export const ChatAnalytics = z.object({
  total: z.number().int(),
  byStatus: z.record(ConversationStatus, z.number().int()),
  byChannel: z.record(Channel, z.number().int()),
  averageFirstResponseSeconds: z.number().nullable(),
  averageResolutionSeconds: z.number().nullable(),
  /** CSAT: mean of the 1-5 ratings given on these conversations, and how many there were. */
  averageRating: z.number().nullable(),
  ratings: z.number().int(),
  from: isoDateTime.nullable(),
  to: isoDateTime.nullable(),
  /** Every figure of the period (the same as the overview report's). */
  summary: AnalyticsSummary,
});
export const AnalyticsResponse = z.object({ analytics: ChatAnalytics });

// ---- tickets ------------------------------------------------------------------------------------------

export const CreateTicketBody = z.strictObject({
  subject: nonEmptyText(LIMITS.subject),
  description: nonEmptyText(LIMITS.ticketDescription),
  priority: Priority.default('medium'),
  category: nonEmptyText(100).optional(),
  tags: tags.optional(),
  /** Create the ticket from an existing conversation: it links it and copies its customer. */
  conversationId: uuid.optional(),
  customerId: customerId.optional(),
  customerName: customerName.optional(),
  customerEmail: email.optional(),
  customerHash: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters')
    .optional(),
  siteKey: nonEmptyText(100).optional(),
  /** Staff only: who works the ticket. */
  assignedAgentId: uuid.optional(),
  assignedTeamId: uuid.optional(),
  metadata: metadata.optional(),
});
export type CreateTicketBody = z.input<typeof CreateTicketBody>;
export const TicketResponse = z.object({ ticket: Ticket });
export const CreateTicketResponse = z.object({ ticket: Ticket, visitorToken: z.string().optional() });

export const UpdateTicketBody = z
  .strictObject({
    subject: nonEmptyText(LIMITS.subject).optional(),
    description: nonEmptyText(LIMITS.ticketDescription).optional(),
    status: TicketStatus.optional(),
    priority: Priority.optional(),
    category: nonEmptyText(100).nullable().optional(),
    tags: tags.optional(),
    assignedAgentId: uuid.nullable().optional(),
    assignedTeamId: uuid.nullable().optional(),
    metadata: metadata.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export type UpdateTicketBody = z.input<typeof UpdateTicketBody>;
export const MergeTicketResponse = z.object({ ticket: Ticket, moved: z.number().int() });
export type MergeTicketResponse = z.infer<typeof MergeTicketResponse>;

export const ticketSortFields = ['createdAt', 'updatedAt', 'priority', 'slaDueAt', 'status'] as const;
/** "open,waiting" → ['open','waiting']: filters accept one value or a comma-separated list. */
const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1));

export const ListTicketsQuery = z.strictObject({
  status: csvOf(ticketStatuses).optional(),
  priority: csvOf(priorities).optional(),
  /** An agent's id, or 'none' for unassigned tickets. */
  assignedAgentId: z.union([uuid, z.literal('none')]).optional(),
  assignedTeamId: z.union([uuid, z.literal('none')]).optional(),
  customerId: customerId.optional(),
  category: nonEmptyText(100).optional(),
  tag: nonEmptyText(50).optional(),
  q: nonEmptyText(200).optional(),
  createdFrom: isoDateTime.optional(),
  createdTo: isoDateTime.optional(),
  sort: z.enum(ticketSortFields).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: queryInt(1, 100_000).default(1),
  limit: queryInt(1, 100).default(25),
});
export type ListTicketsQuery = z.output<typeof ListTicketsQuery>;
export const ListTicketsResponse = z.object({
  tickets: z.array(Ticket),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

// ---- routing ------------------------------------------------------------------------------------------

export const AgentStatusBody = z.strictObject({ status: AgentStatus });

/** Transfer to an agent, or to a team (back into the queue for that team): exactly one of the two. */
export const TransferBody = z
  .strictObject({ agentId: uuid.optional(), teamId: uuid.optional() })
  .refine((b) => (b.agentId === undefined) !== (b.teamId === undefined), { message: 'give agentId or teamId' });

const skills = z
  .array(nonEmptyText(50))
  .max(20)
  .transform((l) => [...new Set(l)]);

export const CreateRoutingRuleBody = z.strictObject({
  name: nonEmptyText(100),
  position: z.number().int().min(0).max(100_000).optional(),
  enabled: z.boolean().default(true),
  conditions: RuleConditions.default({}),
  teamId: uuid.nullable().optional(),
  requiredSkills: skills.optional(),
  priority: Priority.nullable().optional(),
});
export const UpdateRoutingRuleBody = z
  .strictObject({
    name: nonEmptyText(100).optional(),
    position: z.number().int().min(0).max(100_000).optional(),
    enabled: z.boolean().optional(),
    conditions: RuleConditions.optional(),
    teamId: uuid.nullable().optional(),
    requiredSkills: skills.optional(),
    priority: Priority.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export const RoutingRuleResponse = z.object({ rule: RoutingRule });
export const ListRoutingRulesResponse = z.object({ rules: z.array(RoutingRule) });

/** Rules in the order they are tried: every rule's id, once each. */
export const ReorderRulesBody = z.strictObject({ ids: z.array(uuid).min(1).max(1000) });
/** A sample chat, to see which rule would route it where ("test a chat" in the admin console). */
export const TestRoutingBody = z.strictObject({
  channel: Channel.default('web'),
  subject: text(500).optional(),
  message: text(10_000).optional(),
  pageUrl: text(2000).optional(),
  attributes: RuleConditions.shape.attributes,
});
export const TestRoutingResponse = z.object({
  /** The first enabled rule that matches, or null: then the chat goes to the general queue. */
  rule: RoutingRule.nullable(),
  teamId: uuid.nullable(),
  requiredSkills: z.array(z.string()),
  priority: Priority.nullable(),
});

export const Availability = z.object({
  /** Someone online has room for a chat right now, within business hours. */
  available: z.boolean(),
  onlineAgents: z.number().int().nonnegative(),
  queueLength: z.number().int().nonnegative(),
  /** For a chat started now; null when nobody is online. */
  estimatedWaitSeconds: z.number().int().nonnegative().nullable(),
  /** The server can send email (SMTP is set up): the widget offers email actions only then. */
  email: z.boolean(),
  /** Whether the calling page's origin may use this site (false: every chat call from it is refused). */
  originAllowed: z.boolean(),
  /** Inside the site's business hours (always true when it keeps none). */
  withinBusinessHours: z.boolean(),
  /** When business hours next begin, while outside them (null when open now, or never open). */
  nextOpenAt: isoDateTime.nullable(),
  /** Up to five agents online now, by first name, for the widget's home screen (empty while away). */
  team: z.array(z.object({ name: z.string(), avatarUrl: z.string().nullable() })).max(5),
  /** The median first reply over the last 100 answered chats, in seconds; null with fewer than 5 of them. */
  typicalReplySeconds: z.number().int().nonnegative().nullable(),
});
export const AvailabilityResponse = z.object({ availability: Availability });

// ---- auth, agents, teams, sites, api keys -------------------------------------------------------------

const password = z.string().min(LIMITS.password.min).max(LIMITS.password.max);

export const LoginBody = z.strictObject({ email, password: z.string().min(1).max(LIMITS.password.max) });
export const LoginResponse = z.object({ token: z.string(), user: User, expiresAt: isoDateTime });
export const MeResponse = z.object({ user: User, agent: Agent.nullable() });
/** A signed-in user changes their own account: a new password needs the current one. */
export const UpdateMeBody = z
  .strictObject({
    name: nonEmptyText(LIMITS.name).optional(),
    currentPassword: z.string().min(1).max(LIMITS.password.max).optional(),
    password: password.optional(),
    /** Only the settings named change. */
    notifications: NotificationSettings.partial().strict().optional(),
  })
  .refine((b) => b.name !== undefined || b.password !== undefined || b.notifications !== undefined, {
    message: 'give a new name, a new password or notification settings',
  })
  .refine((b) => b.password === undefined || b.currentPassword !== undefined, {
    message: 'is required to set a new password',
    path: ['currentPassword'],
  });
export const OkResponse = z.object({ ok: z.literal(true) });

export const CreateAgentBody = z.strictObject({
  name: nonEmptyText(LIMITS.name),
  email,
  /** The agent's first password; generated and returned once when omitted. */
  password: password.optional(),
  role: UserRole.default('agent'),
  skills: tags.optional(),
  maxConcurrentChats: z.number().int().min(1).max(100).default(5),
  teamIds: z.array(uuid).max(50).optional(),
  /** The primary team (joined if not in teamIds); the first of teamIds when omitted. */
  teamId: uuid.nullable().optional(),
  avatarUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  phone: PhoneNumber.nullable().optional(),
});
export const CreateAgentResponse = z.object({
  agent: Agent,
  user: User,
  initialPassword: z.string().optional(),
});
export const UpdateAgentBody = z
  .strictObject({
    name: nonEmptyText(LIMITS.name).optional(),
    role: UserRole.optional(),
    skills: tags.optional(),
    maxConcurrentChats: z.number().int().min(1).max(100).optional(),
    teamIds: z.array(uuid).max(50).optional(),
    teamId: uuid.nullable().optional(),
    avatarUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .optional(),
    phone: PhoneNumber.nullable().optional(),
    status: AgentStatus.optional(),
    password: password.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export const AgentResponse = z.object({ agent: Agent });
export const ListAgentsResponse = z.object({ agents: z.array(Agent) });

export const AssignmentMode = z.enum(['auto', 'manual']);
export const CreateTeamBody = z.strictObject({
  name: nonEmptyText(100),
  description: text(1000).optional(),
  memberIds: z.array(uuid).max(500).optional(),
  assignmentMode: AssignmentMode.optional(),
  defaultSkills: skills.optional(),
});
export const UpdateTeamBody = z
  .strictObject({
    name: nonEmptyText(100).optional(),
    description: text(1000).nullable().optional(),
    memberIds: z.array(uuid).max(500).optional(),
    assignmentMode: AssignmentMode.optional(),
    defaultSkills: skills.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export const TeamResponse = z.object({ team: Team });
export const ListTeamsResponse = z.object({ teams: z.array(Team) });

// ---- labels and saved views ---------------------------------------------------------------------------

export const CreateLabelBody = z.strictObject({
  /** The tag it colours: what conversations and tickets carry. */
  name: nonEmptyText(50),
  color: LabelColor.default('#64748b'),
  description: text(200).nullable().optional(),
});
export const UpdateLabelBody = z
  .strictObject({
    /** Renaming a label renames the tag on every conversation and ticket that has it. */
    name: nonEmptyText(50).optional(),
    color: LabelColor.optional(),
    description: text(200).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export const LabelResponse = z.object({ label: Label });
export const ListLabelsResponse = z.object({ labels: z.array(Label) });
export const DeleteLabelResponse = z.object({
  ok: z.literal(true),
  /** Conversations and tickets the tag was taken off. */
  untagged: z.number().int().nonnegative(),
});

/** A view's filters as a query string ("status=active&label=billing"), checked as the list would check them. */
const viewQuery = z
  .string()
  .max(1000)
  .superRefine((q, ctx) => {
    const parsed = ConversationFilters.safeParse(Object.fromEntries(new URLSearchParams(q)));
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || 'query'}: ${issue.message}` });
  });
export const CreateSavedViewBody = z.strictObject({ name: nonEmptyText(60), query: viewQuery });
export const UpdateSavedViewBody = z
  .strictObject({ name: nonEmptyText(60).optional(), query: viewQuery.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export const SavedViewResponse = z.object({ view: SavedView });
export const ListSavedViewsResponse = z.object({ views: z.array(SavedView) });

/** A contact is named by its site and the customer's id (any text their site gives): query parameters. */
export const ContactQuery = z.strictObject({ siteId: uuid, customerId });
export const UpdateContactBody = z
  .strictObject({
    name: customerName.optional(),
    email: email.nullable().optional(),
    phone: PhoneNumber.nullable().optional(),
    /** Replaces the attributes as a whole. */
    attributes: metadata.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export const ContactResponse = z.object({
  contact: Contact,
  /** Every conversation of theirs on the site, newest first (at most 100), any channel. */
  conversations: z.array(Conversation),
  tickets: z.array(Ticket),
  notes: z.array(ContactNote),
});
export const CreateContactNoteBody = z.strictObject({ body: nonEmptyText(5000) });
export const ContactNoteResponse = z.object({ note: ContactNote });
export type UpdateContactBody = z.input<typeof UpdateContactBody>;
export type ContactResponse = z.infer<typeof ContactResponse>;
export type ContactNoteResponse = z.infer<typeof ContactNoteResponse>;

/** Add (`on: true`) or take back (`on: false`) one's reaction to a message. */
export const ReactBody = z.strictObject({ emoji: z.enum(reactionEmojis), on: z.boolean() });
export const MessageParams = z.object({ id: uuid, messageId: uuid });

/** A macro's steps: 1–10, and resolving (if at all) last — nothing runs on a conversation after it ends. */
const macroActions = z
  .array(MacroAction)
  .min(1)
  .max(10)
  .refine((a) => a.every((x, i) => x.type !== 'resolve' || i === a.length - 1), {
    message: 'resolve can only be the last step',
  });
export const CreateMacroBody = z.strictObject({
  name: nonEmptyText(60),
  actions: macroActions,
  /** Shared with every agent (admins only), or (default) yours alone. */
  shared: z.boolean().default(false),
});
export const UpdateMacroBody = z
  .strictObject({ name: nonEmptyText(60).optional(), actions: macroActions.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export const MacroResponse = z.object({ macro: Macro });
export const ListMacrosResponse = z.object({ macros: z.array(Macro) });
export const RunMacroParams = z.object({ id: uuid, macroId: uuid });
export const RunMacroResponse = z.object({ conversation: Conversation, messages: z.array(Message) });
export type CreateMacroBody = z.input<typeof CreateMacroBody>;
export type UpdateMacroBody = z.input<typeof UpdateMacroBody>;
export type MacroResponse = z.infer<typeof MacroResponse>;
export type ListMacrosResponse = z.infer<typeof ListMacrosResponse>;
export type RunMacroResponse = z.infer<typeof RunMacroResponse>;
export type ReactBody = z.input<typeof ReactBody>;

/** What each agent has done since an instant (the console asks from the admin's local midnight: "today"). */
export const AgentActivityQuery = z.strictObject({ since: isoDateTime });
export const AgentActivity = z.object({
  agentId: uuid,
  /** Chats they took (assigned to them) since then, and still hold or held when the chat ended. */
  assigned: z.number().int().nonnegative(),
  /** Chats they resolved since then. */
  resolved: z.number().int().nonnegative(),
  /** Replies they sent to customers since then (private notes not counted). */
  replies: z.number().int().nonnegative(),
});
export const AgentActivityResponse = z.object({ since: isoDateTime, activity: z.array(AgentActivity) });

/** Deactivating an agent: how many of their open chats went back to the queue. */
export const DeactivateAgentResponse = z.object({ agent: Agent, requeued: z.number().int().nonnegative() });
/** Deleting a team that has members, chats or rules needs somewhere for them to go. */
export const DeleteTeamQuery = z.strictObject({ reassignTo: uuid.optional() });
export const DeleteTeamResponse = z.object({
  ok: z.literal(true),
  /** Open conversations, open tickets, routing rules and the team's canned responses moved to `reassignTo`. */
  moved: z.object({
    conversations: z.number().int(),
    tickets: z.number().int(),
    rules: z.number().int(),
    cannedResponses: z.number().int(),
  }),
});

/**
 * The SLA policy, per priority: `hours` until a ticket is due to be resolved (the seed's SLA_CONFIG, and its
 * `sla_due_at`), and `firstResponseMinutes` until its first answer is due.
 */
const slaHoursField = z.number().int().min(1).max(8760);
const slaMinutesField = z.number().int().min(1).max(525_600);
const perPriority = <T extends z.ZodType>(f: T) => z.strictObject({ urgent: f, high: f, medium: f, low: f });
export const SlaPolicy = z.object({
  hours: z.object({ urgent: slaHoursField, high: slaHoursField, medium: slaHoursField, low: slaHoursField }),
  firstResponseMinutes: z
    .object({ urgent: slaMinutesField, high: slaMinutesField, medium: slaMinutesField, low: slaMinutesField })
    .default({ ...defaultFirstResponseMinutes }),
  /** How long before a target is missed its warning goes out. */
  warnMinutes: z.number().int().min(1).max(1440).default(30),
  /** Count only time within the ticket's site's business hours (a site that keeps none counts every hour). */
  followBusinessHours: z.boolean().default(false),
  /** Stop the clock while a ticket is `waiting` (on the customer); it runs on from where it stopped. */
  pauseWhileWaiting: z.boolean().default(false),
});
export const UpdateSlaPolicyBody = z.strictObject({
  hours: perPriority(slaHoursField),
  /** Left out: as it was (so is every option below). */
  firstResponseMinutes: perPriority(slaMinutesField).optional(),
  warnMinutes: z.number().int().min(1).max(1440).optional(),
  followBusinessHours: z.boolean().optional(),
  pauseWhileWaiting: z.boolean().optional(),
});
export const SlaPolicyResponse = z.object({ sla: SlaPolicy });

export const AuditEntry = z.object({
  id: uuid,
  actorUserId: uuid.nullable(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  createdAt: isoDateTime,
});
export const ListAuditQuery = z.strictObject({
  targetType: nonEmptyText(50).optional(),
  targetId: nonEmptyText(100).optional(),
  limit: queryInt(1, 200).default(50),
  offset: queryInt(0, 1_000_000).default(0),
});
export const ListAuditResponse = z.object({ entries: z.array(AuditEntry), total: z.number().int() });

const origin = z
  .string()
  .max(300)
  .refine(isOrigin, 'must be an origin such as https://www.example.com (scheme, host and optional port, no path)');

/** Any of the widget's settings; what is left out keeps its value (or the default, for a new site). */
const WidgetSettingsPatch = WidgetSettings.partial().strict();
export const CreateSiteBody = z.strictObject({
  name: nonEmptyText(100),
  allowedOrigins: z.array(origin).max(50).default([]),
  requireVerification: z.boolean().default(false),
  widget: WidgetSettingsPatch.optional(),
  businessHours: BusinessHours.optional(),
  emailSummaryOnResolve: z.boolean().default(false),
});
export const UpdateSiteBody = z
  .strictObject({
    name: nonEmptyText(100).optional(),
    allowedOrigins: z.array(origin).max(50).optional(),
    requireVerification: z.boolean().optional(),
    widget: WidgetSettingsPatch.optional(),
    businessHours: BusinessHours.optional(),
    emailSummaryOnResolve: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export const SiteResponse = z.object({ site: Site });
/** A new identity secret travels once, in the answer that made it (create, rotate); nothing shows it again. */
export const SiteSecretResponse = z.object({ site: Site, identitySecret: z.string() });
export const ListSitesResponse = z.object({ sites: z.array(Site) });
export const PublicSiteResponse = z.object({
  site: Site.pick({ name: true, siteKey: true, requireVerification: true, widget: true }),
});

export const CreateApiKeyBody = z.strictObject({ name: nonEmptyText(100), scope: ApiKeyScope.default('admin') });
export const CreateApiKeyResponse = z.object({ apiKey: ApiKey, key: z.string() });
export const ListApiKeysResponse = z.object({ apiKeys: z.array(ApiKey) });

export type QueueEntry = z.infer<typeof QueueEntry>;
export type ChatAnalytics = z.infer<typeof ChatAnalytics>;
export type ListTicketsResponse = z.infer<typeof ListTicketsResponse>;
export type MarkReadResponse = z.infer<typeof MarkReadResponse>;
export type LoginResponse = z.infer<typeof LoginResponse>;
export type Availability = z.infer<typeof Availability>;

// ---- canned responses ---------------------------------------------------------------------------------

/** One `{{name|fallback}}` found in a text: where it stands, the name (trimmed) and the raw fallback. */
interface PlaceholderToken {
  start: number;
  end: number;
  name: string;
  fallback: string | undefined;
}

/**
 * Finds every `{{…}}` (no `{` or `}` inside) in one pass. A regular expression with overlapping
 * quantifiers here backtracked for seconds on `{{` + spaces (SECURITY.md item 16); this scan never revisits
 * a character more than twice, so a 10,000-character text costs microseconds.
 */
function scanPlaceholders(content: string): PlaceholderToken[] {
  const found: PlaceholderToken[] = [];
  let from = 0;
  for (;;) {
    const open = content.indexOf('{{', from);
    if (open === -1) return found;
    let j = open + 2;
    while (j < content.length && content[j] !== '{' && content[j] !== '}') j++;
    if (content[j] === '}' && content[j + 1] === '}') {
      const inner = content.slice(open + 2, j);
      const bar = inner.indexOf('|');
      found.push({
        start: open,
        end: j + 2,
        name: (bar === -1 ? inner : inner.slice(0, bar)).trim(),
        fallback: bar === -1 ? undefined : inner.slice(bar + 1),
      });
      from = j + 2;
    } else if (j >= content.length) {
      return found;
    } else {
      // A brace inside: no placeholder starts here; the next `{{` is at or after j - 1.
      from = open + 1;
    }
  }
}

/** The text with each placeholder replaced by what `fill` gives for it. */
function replacePlaceholders(content: string, fill: (t: PlaceholderToken) => string): string {
  let out = '';
  let at = 0;
  for (const t of scanPlaceholders(content)) {
    out += content.slice(at, t.start) + fill(t);
    at = t.end;
  }
  return out + content.slice(at);
}

/** Every `{{…}}` in a text must name a known placeholder; a lone `{{` or `}}` is a typo, not text. */
export function placeholderProblems(content: string): string[] {
  const problems: string[] = [];
  for (const t of scanPlaceholders(content)) {
    if (!(cannedPlaceholders as readonly string[]).includes(t.name)) problems.push(`unknown placeholder {{${t.name}}}`);
  }
  const rest = replacePlaceholders(content, () => '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('unbalanced {{ or }}');
  return problems;
}

/** Fills placeholders; an empty value takes the fallback after `|` (or nothing). */
export function fillPlaceholders(content: string, values: Partial<Record<CannedPlaceholder, string | null>>): string {
  return replacePlaceholders(content, ({ name, fallback }) => {
    const v = values[name as CannedPlaceholder];
    return v ? v : (fallback ?? '').trim();
  });
}

/** Lower-case letters, digits, `-` and `_`: typed after `/` in the composer. */
const shortcut = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'letters, digits, - and _ (up to 32), no spaces');
const cannedContent = nonEmptyText(LIMITS.messageContent).superRefine((s, ctx) => {
  for (const problem of placeholderProblems(s)) ctx.addIssue({ code: 'custom', message: problem });
});

export const CreateCannedResponseBody = z.strictObject({
  title: nonEmptyText(200),
  content: cannedContent,
  shortcut: shortcut.nullable().optional(),
  category: nonEmptyText(100).nullable().optional(),
  tags: tags.optional(),
  /** Shared with every agent (admins only) or private to you (the default for agents). */
  shared: z.boolean().optional(),
  /** Shared with this team's members (admins only); wins over `shared`. */
  teamId: uuid.optional(),
});
export type CreateCannedResponseBody = z.input<typeof CreateCannedResponseBody>;
export const UpdateCannedResponseBody = z
  .strictObject({
    title: nonEmptyText(200).optional(),
    content: cannedContent.optional(),
    shortcut: shortcut.nullable().optional(),
    category: nonEmptyText(100).nullable().optional(),
    tags: tags.optional(),
    /** Who a shared response is for (admins only): a team's members, or null for every agent. */
    teamId: uuid.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export type UpdateCannedResponseBody = z.input<typeof UpdateCannedResponseBody>;
export type RenameCannedCategoryResponse = z.infer<typeof RenameCannedCategoryResponse>;
export const ListCannedResponsesQuery = z.strictObject({
  q: nonEmptyText(200).optional(),
  category: nonEmptyText(100).optional(),
  scope: z.enum(['all', 'shared', 'team', 'mine']).default('all'),
});
/** Renames a category on every canned response the caller may change that has it. */
export const RenameCannedCategoryParams = z.strictObject({ category: nonEmptyText(100) });
export const RenameCannedCategoryBody = z.strictObject({ name: nonEmptyText(100) });
export const RenameCannedCategoryResponse = z.object({ renamed: z.number().int().nonnegative() });
export const CannedResponseResponse = z.object({ cannedResponse: CannedResponse });
export const ListCannedResponsesResponse = z.object({ cannedResponses: z.array(CannedResponse) });
export const UseCannedResponseBody = z.strictObject({ conversationId: uuid.optional() });
export const UseCannedResponseResponse = z.object({ content: z.string(), cannedResponse: CannedResponse });

// ---- search -------------------------------------------------------------------------------------------

export const SearchQuery = ConversationFilters.extend({
  q: nonEmptyText(200),
  /** The same as `label` (the name it had first). */
  tag: nonEmptyText(50).optional(),
  limit: queryInt(1, 100).default(20),
  offset: queryInt(0, 1_000_000).default(0),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export const SearchHit = z.object({
  conversation: Conversation,
  /** What matched: message text, the customer (name or email), the subject, a tag, or a ticket's subject. */
  matchedIn: z.array(z.enum(['message', 'customer', 'subject', 'tag', 'ticket'])),
  /** The best-matching message, when the match was in the messages. */
  message: Message.nullable(),
  rank: z.number(),
});
export const SearchResponse = z.object({ results: z.array(SearchHit), total: z.number().int() });
export type SearchHit = z.infer<typeof SearchHit>;

// ---- the same contract as types, for clients (the SDK types every call with these) ---------------------

export type StartChatResponse = z.infer<typeof StartChatResponse>;
export type ConversationResponse = z.infer<typeof ConversationResponse>;
export type ListConversationsResponse = z.infer<typeof ListConversationsResponse>;
export type MessageResponse = z.infer<typeof MessageResponse>;
export type ListMessagesResponse = z.infer<typeof ListMessagesResponse>;
export type QueueResponse = z.infer<typeof QueueResponse>;
export type RatingResponse = z.infer<typeof RatingResponse>;
export type AnalyticsResponse = z.infer<typeof AnalyticsResponse>;
export type TicketResponse = z.infer<typeof TicketResponse>;
export type CreateTicketResponse = z.infer<typeof CreateTicketResponse>;
export type RoutingRuleResponse = z.infer<typeof RoutingRuleResponse>;
export type ListRoutingRulesResponse = z.infer<typeof ListRoutingRulesResponse>;
export type AvailabilityResponse = z.infer<typeof AvailabilityResponse>;
export type MeResponse = z.infer<typeof MeResponse>;
export type OkResponse = z.infer<typeof OkResponse>;
export type CreateAgentResponse = z.infer<typeof CreateAgentResponse>;
export type AgentResponse = z.infer<typeof AgentResponse>;
export type ListAgentsResponse = z.infer<typeof ListAgentsResponse>;
export type TeamResponse = z.infer<typeof TeamResponse>;
export type ListTeamsResponse = z.infer<typeof ListTeamsResponse>;
export type LabelResponse = z.infer<typeof LabelResponse>;
export type ListLabelsResponse = z.infer<typeof ListLabelsResponse>;
export type DeleteLabelResponse = z.infer<typeof DeleteLabelResponse>;
export type SavedViewResponse = z.infer<typeof SavedViewResponse>;
export type ListSavedViewsResponse = z.infer<typeof ListSavedViewsResponse>;
export type AgentActivity = z.infer<typeof AgentActivity>;
export type AgentActivityResponse = z.infer<typeof AgentActivityResponse>;
export type SiteResponse = z.infer<typeof SiteResponse>;
export type ListSitesResponse = z.infer<typeof ListSitesResponse>;
export type PublicSiteResponse = z.infer<typeof PublicSiteResponse>;
export type SiteSecretResponse = z.infer<typeof SiteSecretResponse>;
export type CreateApiKeyResponse = z.infer<typeof CreateApiKeyResponse>;
export type ListApiKeysResponse = z.infer<typeof ListApiKeysResponse>;
export type CannedResponseResponse = z.infer<typeof CannedResponseResponse>;
export type ListCannedResponsesResponse = z.infer<typeof ListCannedResponsesResponse>;
export type UseCannedResponseResponse = z.infer<typeof UseCannedResponseResponse>;
export type SearchResponse = z.infer<typeof SearchResponse>;

/** Query strings as a client writes them: before the server's coercion and defaults. */
export type ListConversationsParams = z.input<typeof ListConversationsQuery>;
export type ListMessagesParams = z.input<typeof ListMessagesQuery>;
export type QueueParams = z.input<typeof QueueQuery>;

export type ListTicketsParams = z.input<typeof ListTicketsQuery>;
export type ListCannedResponsesParams = z.input<typeof ListCannedResponsesQuery>;
export type SearchParams = z.input<typeof SearchQuery>;

/** Request bodies as a client writes them (defaults may be left out). */
export type MarkReadBody = z.input<typeof MarkReadBody>;
export type TypingBody = z.input<typeof TypingBody>;
export type RateConversationBody = z.input<typeof RateConversationBody>;
export type TranscriptBody = z.input<typeof TranscriptBody>;
export type AgentStatusBody = z.input<typeof AgentStatusBody>;
export type TransferBody = z.input<typeof TransferBody>;
export type CreateRoutingRuleBody = z.input<typeof CreateRoutingRuleBody>;
export type UpdateRoutingRuleBody = z.input<typeof UpdateRoutingRuleBody>;
export type LoginBody = z.input<typeof LoginBody>;
export type CreateAgentBody = z.input<typeof CreateAgentBody>;
export type UpdateAgentBody = z.input<typeof UpdateAgentBody>;
export type CreateTeamBody = z.input<typeof CreateTeamBody>;
export type CreateLabelBody = z.input<typeof CreateLabelBody>;
export type UpdateLabelBody = z.input<typeof UpdateLabelBody>;
export type CreateSavedViewBody = z.input<typeof CreateSavedViewBody>;
export type UpdateSavedViewBody = z.input<typeof UpdateSavedViewBody>;
export type UpdateTeamBody = z.input<typeof UpdateTeamBody>;
export type CreateSiteBody = z.input<typeof CreateSiteBody>;
export type UpdateSiteBody = z.input<typeof UpdateSiteBody>;
export type CreateApiKeyBody = z.input<typeof CreateApiKeyBody>;
export type UseCannedResponseBody = z.input<typeof UseCannedResponseBody>;
export type DeactivateAgentResponse = z.infer<typeof DeactivateAgentResponse>;
export type DeleteTeamParams = z.input<typeof DeleteTeamQuery>;
export type DeleteTeamResponse = z.infer<typeof DeleteTeamResponse>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type ListAuditParams = z.input<typeof ListAuditQuery>;
export type ListAuditResponse = z.infer<typeof ListAuditResponse>;
export type ReorderRulesBody = z.input<typeof ReorderRulesBody>;
export type TestRoutingBody = z.input<typeof TestRoutingBody>;
export type TestRoutingResponse = z.infer<typeof TestRoutingResponse>;
export type SlaPolicy = z.infer<typeof SlaPolicy>;
export type UpdateSlaPolicyBody = z.input<typeof UpdateSlaPolicyBody>;
export type SlaPolicyResponse = z.infer<typeof SlaPolicyResponse>;
export type UpdateMeBody = z.input<typeof UpdateMeBody>;
