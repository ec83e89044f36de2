// <ChatWidget customerId customerName customerEmail />: the seed's customer component, over <support-chat>.
import { createComponent } from '@lit/react';
import { SupportChatElement } from '@support-chat/widget';
import * as React from 'react';

// The widget reports to the host page on `window` (`support-chat:message`, `support-chat:open`…, see embedding.md).
export const ChatWidget = createComponent({ tagName: 'support-chat', elementClass: SupportChatElement, react: React });
export default ChatWidget;
