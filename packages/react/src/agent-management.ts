// <AgentManagement />: the seed's "Manage agents, teams, and settings", over <agent-management>. Give it a signed-in
// admin's `client` (a SupportChatClient), or render it on the server's origin where the session cookie is used.
import { createComponent } from '@lit/react';
import { AgentManagement as Element } from '@support-chat/console';
import * as React from 'react';

export const AgentManagement = createComponent({ tagName: 'agent-management', elementClass: Element, react: React });
export default AgentManagement;
