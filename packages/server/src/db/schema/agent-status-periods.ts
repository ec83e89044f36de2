import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { agentStatuses } from '@support-chat/protocol';
import { id, tstz } from './columns.js';
import { agents } from './agents.js';

/**
 * Every stretch of time an agent spent in one status, written by a trigger on agents.status (so every path that
 * changes it — the agent, the idle sweep, deactivation — is counted). The open period has no ended_at. Agent
 * utilisation reads the online and busy periods.
 */
export const agentStatusPeriods = pgTable(
  'agent_status_periods',
  {
    id: id(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: agentStatuses }).notNull(),
    startedAt: tstz('started_at').notNull(),
    endedAt: tstz('ended_at'),
  },
  (t) => [
    index('agent_status_periods_agent_idx').on(t.agentId, t.startedAt),
    index('agent_status_periods_ended_idx').on(t.endedAt),
  ],
);
