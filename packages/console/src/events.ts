// The console elements' events, declared once with their details (see @support-chat/ui/events for the rules).
// Elements fire them with `emit`; <agent-console> and the React wrappers listen to them.
import type { CannedResponse, Conversation, Priority, Snooze, Ticket, User } from '@support-chat/sdk';

export { emit } from '@support-chat/ui/events';

/** What a conversation's header changes: labels, priority, or the snooze (null wakes it). */
export type ConversationPatch = { tags: string[] } | { priority: Priority } | { snooze: Snooze | null };

declare global {
  interface HTMLElementEventMap {
    /** <canned-responses>: a response was chosen. */
    'sc-select': CustomEvent<{ response: CannedResponse }>;
    /** <canned-responses>: the list changed (created, edited, deleted). */
    'sc-change': CustomEvent<{ responses: CannedResponse[] }>;
    /** <sc-composer>: send this text (or note). */
    'sc-send': CustomEvent<{ content: string; isPrivate: boolean }>;
    /** <sc-composer>: upload this file into the conversation (or its notes). */
    'sc-file': CustomEvent<{ file: File; isPrivate: boolean }>;
    /** <sc-composer>: the agent started or stopped typing (never for notes). */
    'sc-typing': CustomEvent<{ isTyping: boolean }>;
    /** <sc-composer>: a `/shortcut` completion was picked. */
    'sc-canned': CustomEvent<{ response: CannedResponse }>;
    /** <sc-composer>: the Canned button was pressed. */
    'sc-open-canned': CustomEvent<undefined>;
    /** <sc-thread>: the agent scrolled to the top; load the page before the first message. */
    'sc-load-earlier': CustomEvent<undefined>;
    /** <conversation-history>, <sc-chat-lists>: show this conversation. */
    'sc-open-conversation': CustomEvent<{ conversation: Conversation }>;
    /** <sc-chat-lists>, <sc-conversation>: take this queued chat. */
    'sc-accept': CustomEvent<{ conversationId: string }>;
    /**
     * A dialog or action changed a conversation (resolved, closed, transferred, returned to the queue); `done` is
     * what to tell the agent.
     */
    'sc-conversation': CustomEvent<{ conversation: Conversation; done?: string }>;
    /** <sc-ticket-dialog>: a ticket was created from the chat. */
    'sc-ticket': CustomEvent<{ ticket: Ticket }>;
    /** <sc-customer-panel>: show this ticket on the board. */
    'sc-open-ticket': CustomEvent<{ ticketId: string }>;
    /** <sc-customer-panel>: show this customer's contact page. */
    'sc-open-contact': CustomEvent<{ siteId: string; customerId: string }>;
    /** Merge another conversation of the customer into the open one (`sourceId`: the one picked, if any). */
    'sc-merge': CustomEvent<{ sourceId: string }>;
    /**
     * An admin panel (<sc-routing-rules>, <sc-sites>, <sc-sla-settings>, <sc-api-keys>, <canned-responses> managing)
     * saved a change; detail says what to tell the admin.
     */
    'sc-saved': CustomEvent<{ done: string }>;
    /** Any element: a request failed; the console shows it, or signs out on 401. */
    'sc-error': CustomEvent<{ error: unknown }>;
    /** <console-login>: signed in. */
    'sc-login': CustomEvent<{ user: User }>;
    /** <agent-console>: the Sign out button. */
    'sc-logout': CustomEvent<undefined>;
    /** <agent-console>: the session ended elsewhere (expired, revoked, signed out). */
    'sc-session-ended': CustomEvent<undefined>;
  }
}
