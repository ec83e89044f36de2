// What <support-chat> tells the page. Each happening is announced twice: as a typed, bubbling, composed `sc-…`
// event on the element (for code that holds the element, and the React wrapper), and as the documented
// `support-chat:…` event on window (for pages that only have the script tag; its detail is unchanged).
import type { Message } from '@support-chat/sdk';
import { emit } from '@support-chat/ui/events';

declare global {
  interface HTMLElementEventMap {
    /** The element is on the page and has read any saved conversation. */
    'sc-ready': CustomEvent<undefined>;
    /** The panel opened. */
    'sc-open': CustomEvent<undefined>;
    /** An agent's or the system's message arrived. */
    'sc-message': CustomEvent<{ message: Message }>;
    /** Messages arrived while the panel was closed. */
    'sc-unread': CustomEvent<{ count: number }>;
  }
}

const onWindow = (name: string, detail?: unknown) =>
  window.dispatchEvent(new CustomEvent(`support-chat:${name}`, { detail }));

export const announce = {
  ready(el: HTMLElement) {
    emit(el, 'sc-ready');
    onWindow('ready');
  },
  open(el: HTMLElement) {
    emit(el, 'sc-open');
    onWindow('open');
  },
  /** The panel closed (the same `sc-close` a picker sends when it asks to be closed). */
  close(el: HTMLElement) {
    emit(el, 'sc-close');
    onWindow('close');
  },
  message(el: HTMLElement, message: Message) {
    emit(el, 'sc-message', { message });
    onWindow('message', message);
  },
  unread(el: HTMLElement, count: number) {
    emit(el, 'sc-unread', { count });
    onWindow('unread', { count });
  },
};
