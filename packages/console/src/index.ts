// @support-chat/console: the agent console's web components. Importing this module defines them all.
export { AgentConsole } from './agent-console.js';
export { actionFor, ShortcutController, shortcuts, type Shortcut, type ShortcutAction } from './shortcuts.js';
export { CannedResponses, matchesCanned } from './canned-responses.js';
export { ChatComposer, completeShortcut } from './chat-composer.js';
export { ConsoleLogin } from './console-login.js';
export { ConversationHistory } from './conversation-history.js';
export { MessageThread } from './message-thread.js';
export { SupportConsole } from './support-console.js';
export { TicketBoard } from './ticket-board.js';
