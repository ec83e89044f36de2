// What every service is given instead of reaching for module-level singletons.
import type { FastifyBaseLogger } from 'fastify';
import type { AgentStatus } from '@support-chat/protocol';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Clock } from './lib/clock.js';
import type { Bus } from './bus/bus.js';
import type { MessageWriter } from './modules/chat/writer.js';

export interface Deps {
  db: Database;
  bus: Bus;
  clock: Clock;
  config: Config;
  log: FastifyBaseLogger;
  /** Group-commits chat messages (see modules/chat/writer.ts). */
  messages: MessageWriter;
  /** The router, as services see it: something changed the queue or capacity; an agent did something. */
  routing: { kick(): void; agentActive(agentId: string): void; setStatus(agentId: string, status: AgentStatus): Promise<unknown> };
}
