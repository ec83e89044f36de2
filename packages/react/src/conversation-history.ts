// <ConversationHistory customerId agentId limit />: past conversations and their messages, over <conversation-history>.
import { createComponent } from '@lit/react';
import { ConversationHistory as ConversationHistoryElement } from '@support-chat/console';
import * as React from 'react';

export const ConversationHistory = createComponent({
  tagName: 'conversation-history',
  elementClass: ConversationHistoryElement,
  react: React,
});
export default ConversationHistory;
