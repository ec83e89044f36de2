// <AgentDashboard agentId agentName />: the seed's agent dashboard, over <agent-console>.
import { createComponent } from '@lit/react';
import { AgentConsole } from '@support-chat/console';
import * as React from 'react';

export const AgentDashboard = createComponent({ tagName: 'agent-console', elementClass: AgentConsole, react: React });
export default AgentDashboard;
