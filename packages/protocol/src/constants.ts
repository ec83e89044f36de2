// Values (not schemas) that clients need at run time; zod-free, so the widget and SDK can import them without
// pulling zod into their bundles.

/** The seed's value sets (and ours), as plain lists: the zod schemas are built from these, and UIs list them. */
export const conversationStatuses = ['queued', 'active', 'resolved', 'closed'] as const;
export const channels = ['web', 'mobile', 'email'] as const;
export const priorities = ['low', 'medium', 'high', 'urgent'] as const;
export const senderTypes = ['customer', 'agent', 'system'] as const;
export const messageTypes = ['text', 'image', 'file', 'system'] as const;
export const agentStatuses = ['online', 'away', 'busy', 'offline'] as const;
export const ticketStatuses = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
export const userRoles = ['admin', 'agent'] as const;

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
