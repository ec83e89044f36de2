// Every error code the API can answer with, declared once (like fastify's lib/errors.js).
// Clients switch on `code`; `message` is for humans and may change.
export const errorCodes = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  ORIGIN_NOT_ALLOWED: 403,
  IDENTITY_VERIFICATION_FAILED: 403,
  SENDER_MISMATCH: 403,
  NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  AGENT_NOT_FOUND: 404,
  TEAM_NOT_FOUND: 404,
  SITE_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  MESSAGE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  CONVERSATION_CLOSED: 409,
  INVALID_STATUS_TRANSITION: 409,
  NOT_RESOLVED_YET: 409,
  EMAIL_TAKEN: 409,
  ALREADY_ASSIGNED: 409,
  AGENT_AT_CAPACITY: 409,
  /** The agent was deactivated by an admin: no chats, no status changes, no sign-in until reactivated. */
  AGENT_DEACTIVATED: 409,
  /** A team still has members, open chats or routing rules: delete it with ?reassignTo=<team>. */
  TEAM_NOT_EMPTY: 409,
  NOT_ASSIGNED_TO_YOU: 403,
  ROUTING_RULE_NOT_FOUND: 404,
  CANNED_RESPONSE_NOT_FOUND: 404,
  LABEL_NOT_FOUND: 404,
  MACRO_NOT_FOUND: 404,
  CONTACT_NOT_FOUND: 404,
  VIEW_NOT_FOUND: 404,
  SHORTCUT_TAKEN: 409,
  /** Only two conversations (or tickets) of the same customer on the same site are merged. */
  DIFFERENT_CUSTOMER: 409,
  /** It was merged into another already: merge that one. */
  ALREADY_MERGED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  NOT_READY: 503,
  /** The database was briefly unreachable or busy: retry after Retry-After seconds (the SDK does). */
  SERVICE_UNAVAILABLE: 503,
  EMAIL_VERIFICATION_REQUIRED: 403,
  EMAIL_NOT_CONFIGURED: 503,
  /** WebSocket only (an `error` frame; the status is what the same mistake would get over REST). */
  INVALID_FRAME: 400,
  UNKNOWN_TYPE: 400,
} as const;

export type ErrorCode = keyof typeof errorCodes;
