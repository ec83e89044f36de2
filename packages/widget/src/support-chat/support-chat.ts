// The widget's entry point: importing it defines <support-chat> (once: two script tags or an SPA navigation that
// loads it again are harmless) and exports the element's class and the types a page needs.
import { SupportChatElement } from './support-chat.component.js';

export { SupportChatElement } from './support-chat.component.js';
export { ConversationController, type ConversationHooks, type SendResult } from './conversation-controller.js';
export { COMMANDS, IDENTITY_KEYS, type Command, type Identity } from '../commands.js';

if (!customElements.get('support-chat')) customElements.define('support-chat', SupportChatElement);

declare global {
  interface HTMLElementTagNameMap {
    'support-chat': SupportChatElement;
  }
}
