// Values (not schemas) that clients need at run time; zod-free, so the widget and SDK can import them without
// pulling zod into their bundles.

/** The seed's value sets (and ours), as plain lists: the zod schemas are built from these, and UIs list them. */
export const conversationStatuses = ['queued', 'active', 'resolved', 'closed'] as const;
export const channels = ['web', 'mobile', 'email'] as const;
export const priorities = ['low', 'medium', 'high', 'urgent'] as const;
/** A conversation's details with no event of their own: `conversation_update` names which changed. */
export const conversationDetails = ['tags', 'priority', 'subject', 'teamId', 'snooze', 'customer'] as const;
export type ConversationDetail = (typeof conversationDetails)[number];
export const senderTypes = ['customer', 'agent', 'system'] as const;
export const messageTypes = ['text', 'image', 'file', 'system'] as const;
export const agentStatuses = ['online', 'away', 'busy', 'offline'] as const;
export const ticketStatuses = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
export const userRoles = ['admin', 'agent'] as const;
/**
 * What an API key may do: `admin` everything an admin may; `agent` what an agent may (chats, tickets, canned
 * responses; no people, settings or keys); `read` read what an admin may, change nothing.
 */
export const apiKeyScopes = ['admin', 'agent', 'read'] as const;

/** What the console alerts a user about while it is in the background, until they change it in their account. */
export const defaultNotificationSettings = {
  /** A new chat waits in a queue they can take from. */
  queued: true,
  /** A chat was assigned to them. */
  assigned: true,
  /** A customer wrote in one of their chats. */
  messages: true,
  /** A short tone with each alert (the tab title and browser notification stay). */
  sound: true,
  /** Email them a customer's messages in their chats that they have not read after `emailAfterMinutes`. */
  email: true,
  /** How long an unread customer message waits before the email (away or offline: one minute, to gather a burst). */
  emailAfterMinutes: 5,
  /** A colleague mentioned them (@name) in a private note: an alert in the console, and an email when `email` is on. */
  mentions: true,
} as const;

/** The reactions a message can get (customers and agents alike): a small fixed set, like most chat products. */
export const reactionEmojis = ['👍', '👎', '❤️', '😂', '😮', '😢', '🙏', '🎉'] as const;
export type ReactionEmoji = (typeof reactionEmojis)[number];

/** A ticket's SLA targets: its first answer from an agent, and its resolution. */
export const slaTargets = ['first_response', 'resolution'] as const;
export type SlaTarget = (typeof slaTargets)[number];

/** Until an admin sets them: how many minutes a ticket's first answer may take, per priority. */
export const defaultFirstResponseMinutes = { urgent: 30, high: 60, medium: 240, low: 1440 } as const;

/** Which corner of the page the widget sits in. */
export const widgetPositions = ['right', 'left'] as const;
/**
 * What the widget does while nobody can answer (no agent online, or outside business hours): `form` offers a
 * message to be answered later, `chat` lets the visitor start a chat that waits in the queue, `hide` hides the
 * launcher (a visitor with an open chat still sees it).
 */
export const offlineModes = ['form', 'chat', 'hide'] as const;
export type OfflineMode = (typeof offlineModes)[number];
export type WidgetPosition = (typeof widgetPositions)[number];

/**
 * A site's proactive message: on pages whose path matches `urlPattern` (`*` matches anything), after `delaySeconds`
 * on the page, the widget shows `message` beside its button — once per visitor and trigger (by `id`).
 */
export interface ProactiveTriggerSettings {
  id: string;
  urlPattern: string;
  delaySeconds: number;
  message: string;
}

/** A site's widget before an admin changes anything; empty texts mean the widget's own words, in the visitor's language. */
export const defaultWidgetSettings = {
  accentColor: '#2563eb',
  position: 'right',
  teamName: '',
  greeting: '',
  launcherText: '',
  offlineMode: 'form',
  // Typed as the schema's array (not `readonly []`): stored settings and patches are plain arrays.
  proactive: [] as ProactiveTriggerSettings[],
} as const;

/** Business hours list the days Monday first (ISO 8601 weekday 1 … 7). */
export const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const workday = { open: true, from: '09:00', to: '17:00' } as const;
const dayOff = { open: false, from: '09:00', to: '17:00' } as const;
/** Until an admin turns them on, a site answers around the clock; the schedule offered first is Monday to Friday 9–5. */
export const defaultBusinessHours = {
  enabled: false,
  timeZone: 'UTC',
  days: [workday, workday, workday, workday, workday, dayOff, dayOff],
  holidays: [],
} as const;

/** WebSocket close codes the server uses, and what a client should do on each. */
export const closeCodes = {
  goingAway: 1001,
  policyViolation: 1008,
  tooBig: 1009,
  tryAgainLater: 1013,
  /** No frame from the client for the idle timeout: reconnect (and keep sending `ping` frames). */
  idle: 4000,
  sessionEnded: 4001,
} as const;

/**
 * Socket authentication without a secret in the URL (proxies and access logs keep URLs): the client offers two
 * subprotocols, `support-chat.v1` (the one the server selects) and `support-chat.auth.<token>`.
 */
export const wsProtocol = 'support-chat.v1';
export const wsAuthProtocolPrefix = 'support-chat.auth.';
export { errorCodes, type ErrorCode } from './errors.js';

/**
 * The display name the server gives a customer who gave none ("Visitor 4821"): clients recognise it so they never
 * offer it back as if the customer had typed it (a prefilled name field, a new conversation's details).
 */
export const generatedVisitorName = /^Visitor \d{4}$/;

/** A bare web origin (`https://shop.example`, `http://localhost:8080`): scheme, host and optional port, no path. */
export function isOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value;
  } catch {
    return false;
  }
}

/** Placeholders a canned response may use; `{{customer.name|there}}` gives a fallback for an empty value. */
export const cannedPlaceholders = [
  'customer.name',
  'customer.firstName',
  'customer.email',
  'customer.id',
  'agent.name',
  'agent.firstName',
  'agent.email',
  'conversation.subject',
  'conversation.id',
] as const;
export type CannedPlaceholder = (typeof cannedPlaceholders)[number];

/** What a webhook can subscribe to; each delivery names one in its `type` and `X-Support-Chat-Event` header. */
export const webhookEvents = [
  'message.created',
  'conversation.created',
  'conversation.assigned',
  'conversation.status_changed',
  'ticket.created',
  'ticket.updated',
  'sla.warning',
  'sla.breach',
  'rating.created',
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** Outbox channels: email through SMTP, SMS through Twilio, the CRM's REST API, webhooks. */
export const deliveryChannels = ['email', 'sms', 'crm', 'webhook'] as const;
/**
 * `skipped`: no longer needed when its time came (the agent read the message first, say); `bounced`: the receiving
 * server refused it for good, after it had been handed over.
 */
export const deliveryStatuses = ['pending', 'sent', 'failed', 'skipped', 'bounced'] as const;
