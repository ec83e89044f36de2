// An agent's room for one more chat, checked under the agent row's lock: every path that gives an agent a chat
// (router, accept, transfer, PUT agentId) goes through here, so two nodes can never push one past the limit.
import { count, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { agents, conversations, users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { activeChatOf } from './counters.js';

/** Locks the agent and checks there is room for one more chat; returns the agent and its current load. */
export async function lockAgentWithRoom(tx: Tx, agentId: string, opts: { mustBeOnline?: boolean } = {}) {
  const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for('update').limit(1);
  if (!agent) throw new AppError('AGENT_NOT_FOUND', 'Agent not found');
  const [login] = await tx.select({ disabled: users.disabled }).from(users).where(eq(users.id, agent.userId)).limit(1);
  if (login?.disabled) throw new AppError('AGENT_DEACTIVATED', `${agent.name} is deactivated`, { agentId });
  if (opts.mustBeOnline && agent.status !== 'online') {
    throw new AppError('CONFLICT', `${agent.name} is ${agent.status}`, { agentId, status: agent.status });
  }
  const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(conversations).where(activeChatOf(agentId));
  if (n >= agent.maxConcurrentChats) {
    throw new AppError('AGENT_AT_CAPACITY', `${agent.name} already has ${n} of ${agent.maxConcurrentChats} chats`, {
      agentId,
      activeChats: n,
      maxConcurrentChats: agent.maxConcurrentChats,
    });
  }
  return { agent, active: n };
}
