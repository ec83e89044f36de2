// The seed's component examples (ChatWidget, AgentDashboard, ConversationHistory, CannedResponses), written as the
// seed writes them, importing from the package instead of '@/components/chat/…'.
import { createRoot } from 'react-dom/client';
import AgentDashboard from '@support-chat/react/AgentDashboard';
import AgentManagement from '@support-chat/react/AgentManagement';
import CannedResponses from '@support-chat/react/CannedResponses';
import ChatWidget from '@support-chat/react/ChatWidget';
import ConversationHistory from '@support-chat/react/ConversationHistory';
import SupportAnalytics from '@support-chat/react/SupportAnalytics';

const selected: string[] = [];
const opened: string[] = [];
Object.assign(window, { selected, opened });
const responses = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    title: 'Order shipped',
    content: 'Your order is on its way.',
    shortcut: 'shipped',
    category: 'Orders',
    tags: [],
    agentId: null,
    teamId: null,
    teamName: null,
    usageCount: 0,
    lastUsedAt: null,
    createdBy: '00000000-0000-4000-8000-000000000002',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  },
];

function App() {
  return (
    <>
      <ChatWidget
        customerId="customer-123"
        customerName="John Doe"
        customerEmail="john@example.com"
        // Beyond the seed: the element's typed events as props.
        onOpen={(e) => opened.push(e.type)}
      />
      <AgentDashboard agentId="agent-456" agentName="Jane Smith" />
      <AgentManagement />
      <SupportAnalytics />
      <ConversationHistory
        customerId="customer-123" // Optional: filter by customer
        agentId="agent-456" // Optional: filter by agent
        limit={20}
      />
      <CannedResponses
        responses={responses}
        onSelect={(response) => {
          // Use the selected response
          selected.push(response.content);
        }}
      />
    </>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
