// @support-chat/react: the seed's components by their names, each a thin wrapper over a support-chat web component.
export { AgentDashboard } from './agent-dashboard.js';
export { AgentManagement } from './agent-management.js';
export { CannedResponses, type CannedResponsesProps } from './canned-responses.js';
export { ChatWidget } from './chat-widget.js';
export { ConversationHistory } from './conversation-history.js';
export { SupportAnalytics } from './support-analytics.js';
