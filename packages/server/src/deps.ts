// What every service is given instead of reaching for module-level singletons.
import type { FastifyBaseLogger } from 'fastify';
import type {
  AgentStatus,
  IntegrationSettings,
  Message,
  Priority,
  SlaPolicy,
  WebhookEvent,
} from '@support-chat/protocol';
import type { z } from 'zod';
import type { Config } from './config.js';
import type { Database, Executor, Tx } from './db/client.js';
import type { conversations, messages } from './db/schema/index.js';
import type { Clock } from './lib/clock.js';
import type { Bus } from './bus/bus.js';
import type { MessageWriter } from './modules/chat/writer.js';
import type { SearchIndexer } from './modules/search/indexer.js';
import type { Limits } from './lib/shared-limits.js';
import type { FileStore } from './modules/uploads/store.js';
import type { CallerCache } from './identity/caller-cache.js';

export interface Deps {
  db: Database;
  bus: Bus;
  clock: Clock;
  config: Config;
  log: FastifyBaseLogger;
  /** Group-commits chat messages (see modules/chat/writer.ts). */
  messages: MessageWriter;
  /** The router, as services see it: something changed the queue or capacity; an agent did something. */
  routing: RoutingPort;
  /** Team-wide settings an admin edits (the database's, else the environment's defaults), current on every node. */
  settings: SettingsPort;
  /** Email, SMS, CRM and webhooks: what a change owes the outside world, written in the change's transaction. */
  integrations: IntegrationsPort;
  /** Makes committed messages searchable within moments, off the commit path (modules/search/indexer.ts). */
  searchIndex: Pick<SearchIndexer, 'soon' | 'flush'>;
  /** Abuse-limit counters: this node's, or every node's together in Redis (lib/shared-limits.ts). */
  limits: Limits;
  /** Where uploaded files live: DATA_DIR or an S3 bucket (modules/uploads/store.ts). */
  files: FileStore;
  /** Token → caller for a few seconds, forgotten on revocation (identity/caller-cache.ts). */
  callers: CallerCache;
}

type ConversationRow = typeof conversations.$inferSelect;

/** What the modules tell the integrations, always inside the transaction of the change (the outbox's rule). */
export interface IntegrationsPort {
  /** Messages just stored under their conversations' locks: alerts, replies by email, `message.created` webhooks. */
  afterMessages(
    tx: Tx,
    items: { conversation: ConversationRow; message: typeof messages.$inferSelect; dto: Message }[],
    now: Date,
  ): Promise<void>;
  /** A conversation was resolved: the customer's summary (per site), the CRM sync. */
  afterResolve(tx: Tx, conversation: ConversationRow, now: Date): Promise<void>;
  /** Events for the webhooks that subscribe to them. */
  emit(
    tx: Executor,
    events: { type: WebhookEvent; conversationId?: string | null; data: unknown }[],
    now: Date,
  ): Promise<void>;
}

export interface SettingsPort {
  sla(): Promise<z.output<typeof SlaPolicy>>;
  integrations(): Promise<IntegrationSettings>;
}

/** What chat needs of routing, injected so that chat never imports it (routing builds on chat, not the reverse). */
export interface RoutingPort {
  kick(): void;
  agentActive(agentId: string): void;
  setStatus(agentId: string, status: AgentStatus): Promise<unknown>;
  /** The routing rules' verdict on a conversation about to start (undefined: no rule matched). */
  decide(subject: RoutingSubject): Promise<RoutingDecision | undefined>;
}

export interface RoutingSubject {
  channel: string;
  subject: string | null;
  firstMessage?: string;
  metadata: Record<string, unknown>;
}

export interface RoutingDecision {
  routingRuleId: string | null;
  teamId: string | null;
  requiredSkills: string[];
  priority: Priority | null;
}
