import { boolean, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { Channel, Priority } from '@support-chat/protocol';
import { createdAt, id, textArray, updatedAt } from './columns.js';
import { teams } from './teams.js';

export interface RuleConditions {
  channels?: Channel[];
  /** Any of these in the subject or the first message (case-insensitive). */
  keywords?: string[];
  /** Any of these substrings in metadata.pageUrl. */
  pageUrlContains?: string[];
  /** Every one of these metadata attributes equal. */
  attributes?: Record<string, string | number | boolean>;
}

/** Ordered routing rules: the first enabled rule whose conditions all hold decides team, skills and priority. */
export const routingRules = pgTable('routing_rules', {
  id: id(),
  name: text('name').notNull(),
  position: integer('position').notNull().default(0),
  enabled: boolean('enabled').notNull().default(true),
  conditions: jsonb('conditions').$type<RuleConditions>().notNull().default({}),
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  requiredSkills: textArray('required_skills'),
  priority: text('priority').$type<Priority>(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
