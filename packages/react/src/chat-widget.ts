// <ChatWidget customerId customerName customerEmail />: the seed's customer component, over <support-chat>.
import { createComponent, type EventName } from '@lit/react';
import { SupportChatElement } from '@support-chat/widget';
import * as React from 'react';

// The element's typed events as React props: onMessage={(e) => e.detail.message}, onUnread={(e) => e.detail.count}.
export const ChatWidget = createComponent({
  tagName: 'support-chat',
  elementClass: SupportChatElement,
  react: React,
  events: {
    onReady: 'sc-ready',
    onOpen: 'sc-open',
    onClose: 'sc-close',
    onMessage: 'sc-message' as EventName<HTMLElementEventMap['sc-message']>,
    onUnread: 'sc-unread' as EventName<HTMLElementEventMap['sc-unread']>,
  },
});
export default ChatWidget;
