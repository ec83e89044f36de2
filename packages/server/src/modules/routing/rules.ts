// Routing rules: admin CRUD and the matching that decides a new conversation's team, skills and priority.
import { firstOrThrow } from '../../db/rows.js';
import { asc, eq, sql } from 'drizzle-orm';
import type { Priority, RoutingRule, RuleConditions } from '@support-chat/protocol';
import type { Executor } from '../../db/client.js';
import type { RoutingDecision, RoutingSubject } from '../../deps.js';
import { routingRules, teams } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { iso } from '../../lib/time.js';
import { assertKnownSkills, teamExists } from '../agents/service.js';

type RuleRow = typeof routingRules.$inferSelect;

export const toRuleDto = (r: RuleRow): RoutingRule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  conditions: r.conditions,
  teamId: r.teamId,
  requiredSkills: r.requiredSkills,
  priority: r.priority ?? null,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

/** Every condition given must hold; within a list, any entry will do. */
export function ruleMatches(conditions: RuleConditions, s: RoutingSubject): boolean {
  if (conditions.channels?.length && !conditions.channels.includes(s.channel as never)) return false;
  if (conditions.keywords?.length) {
    const text = `${s.subject ?? ''}\n${s.firstMessage ?? ''}`.toLowerCase();
    if (!conditions.keywords.some((k) => text.includes(k.toLowerCase()))) return false;
  }
  if (conditions.pageUrlContains?.length) {
    const url = typeof s.metadata.pageUrl === 'string' ? s.metadata.pageUrl.toLowerCase() : '';
    if (!conditions.pageUrlContains.some((p) => url.includes(p.toLowerCase()))) return false;
  }
  for (const [key, value] of Object.entries(conditions.attributes ?? {})) {
    if (s.metadata[key] !== value) return false;
  }
  return true;
}

/**
 * The first enabled rule (by position) that matches decides; no match leaves the conversation as it is. A rule that
 * sends chats to a team and names no skills asks for the team's default skills.
 */
export async function decideRouting(db: Executor, s: RoutingSubject): Promise<RoutingDecision | undefined> {
  const rules = await db
    .select()
    .from(routingRules)
    .where(eq(routingRules.enabled, true))
    .orderBy(asc(routingRules.position), asc(routingRules.createdAt));
  const rule = rules.find((r) => ruleMatches(r.conditions, s));
  if (!rule) return undefined;
  const [team] =
    rule.teamId && !rule.requiredSkills.length
      ? await db.select({ skills: teams.defaultSkills }).from(teams).where(eq(teams.id, rule.teamId)).limit(1)
      : [];
  return {
    routingRuleId: rule.id,
    teamId: rule.teamId,
    requiredSkills: rule.requiredSkills.length ? rule.requiredSkills : (team?.skills ?? []),
    priority: rule.priority ?? null,
  };
}

export interface RuleInput {
  name?: string;
  position?: number;
  enabled?: boolean;
  conditions?: RuleConditions;
  teamId?: string | null;
  requiredSkills?: string[];
  priority?: Priority | null;
}

export async function listRules(db: Executor) {
  return (await db.select().from(routingRules).orderBy(asc(routingRules.position), asc(routingRules.createdAt))).map(
    toRuleDto,
  );
}

export async function createRule(db: Executor, input: RuleInput & { name: string }) {
  if (input.teamId) await teamExists(db, input.teamId);
  await assertKnownSkills(db, input.requiredSkills, 'requiredSkills');
  const position =
    input.position ??
    (await db.select({ max: sql<number>`coalesce(max(${routingRules.position}), -1)::int` }).from(routingRules))[0]!
      .max + 1;
  const row = firstOrThrow(
    await db
      .insert(routingRules)
      .values({
        name: input.name,
        position,
        enabled: input.enabled ?? true,
        conditions: input.conditions ?? {},
        teamId: input.teamId ?? null,
        requiredSkills: input.requiredSkills ?? [],
        priority: input.priority ?? null,
      })
      .returning(),
    'routing rule',
  );
  return toRuleDto(row);
}

export async function updateRule(db: Executor, id: string, input: RuleInput) {
  if (input.teamId) await teamExists(db, input.teamId);
  await assertKnownSkills(db, input.requiredSkills, 'requiredSkills');
  const [row] = await db.update(routingRules).set(input).where(eq(routingRules.id, id)).returning();
  if (!row) throw new AppError('ROUTING_RULE_NOT_FOUND', 'Routing rule not found');
  return toRuleDto(row);
}

export async function deleteRule(db: Executor, id: string) {
  const [row] = await db.delete(routingRules).where(eq(routingRules.id, id)).returning();
  if (!row) throw new AppError('ROUTING_RULE_NOT_FOUND', 'Routing rule not found');
  return toRuleDto(row);
}

/** Sets the order rules are tried in: `ids` must be every rule, once each. */
export async function reorderRules(db: Executor, ids: string[]) {
  return db.transaction(async (tx) => {
    const rows = await tx.select({ id: routingRules.id }).from(routingRules).for('update');
    const all = new Set(rows.map((r) => r.id));
    const given = new Set(ids);
    if (given.size !== ids.length || given.size !== all.size || ids.some((id) => !all.has(id)))
      throw new AppError('VALIDATION_ERROR', 'Invalid body', [
        { path: 'body.ids', message: `must list each of the ${all.size} rules once` },
      ]);
    // Spaced by 10, so a rule created later with an explicit position can go between two.
    for (const [i, id] of ids.entries())
      await tx
        .update(routingRules)
        .set({ position: i * 10, updatedAt: new Date() })
        .where(eq(routingRules.id, id));
    return listRules(tx);
  });
}

/** Which rule a sample chat would meet, and where it would send it (nothing is created). */
export async function testRouting(
  db: Executor,
  sample: {
    channel: string;
    subject?: string;
    message?: string;
    pageUrl?: string;
    attributes?: Record<string, unknown>;
  },
) {
  const decision = await decideRouting(db, {
    channel: sample.channel,
    subject: sample.subject ?? null,
    firstMessage: sample.message,
    metadata: { ...sample.attributes, ...(sample.pageUrl ? { pageUrl: sample.pageUrl } : {}) },
  });
  if (!decision?.routingRuleId) return { rule: null, teamId: null, requiredSkills: [], priority: null };
  const [row] = await db.select().from(routingRules).where(eq(routingRules.id, decision.routingRuleId)).limit(1);
  return {
    rule: row ? toRuleDto(row) : null,
    teamId: decision.teamId,
    requiredSkills: decision.requiredSkills,
    priority: decision.priority,
  };
}
