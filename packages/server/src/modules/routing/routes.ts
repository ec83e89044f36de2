import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AgentResponse,
  AgentStatusBody,
  AvailabilityResponse,
  ConversationResponse,
  CreateRoutingRuleBody,
  DeactivateAgentResponse,
  IdParams,
  ListRoutingRulesResponse,
  QueueQuery,
  QueueResponse,
  ReorderRulesBody,
  RoutingRuleResponse,
  TestRoutingBody,
  TestRoutingResponse,
  TransferBody,
  UpdateRoutingRuleBody,
  nonEmptyText,
} from '@support-chat/protocol';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { staffCaller as staff, type UserCaller } from '../../identity/caller.js';
import { getAgentDto } from '../agents/service.js';
import { recordAudit } from '../audit/service.js';
import { originAllowed, resolveSite } from '../sites/service.js';
import { requestContext } from '../../http/request-context.js';
import { hoursAt } from '../../lib/business-hours.js';
import type { Router } from './router.js';
import { createRule, deleteRule, listRules, reorderRules, testRouting, updateRule } from './rules.js';

const mover = (c: UserCaller) => ({ agentId: c.agentId, isAdmin: c.role === 'admin' });

/** Routing rules (admin), agent status, and the manual moves on a chat. */
export const routingRoutes: FastifyPluginAsyncZod<{ deps: Deps; router: Router }> = async (app, { deps, router }) => {
  app.get(
    '/api/chat/queue',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'The queue of waiting chats',
        tags: ['chat'],
        querystring: QueueQuery,
        response: { 200: QueueResponse },
      },
    },
    async (req) => ({ queue: await router.queue(req.query) }),
  );

  app.get(
    '/api/routing-rules',
    {
      config: { auth: 'admin' },
      schema: { summary: 'List routing rules', tags: ['routing'], response: { 200: ListRoutingRulesResponse } },
    },
    async () => ({ rules: await listRules(deps.db) }),
  );

  app.post(
    '/api/routing-rules',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Create a routing rule',
        tags: ['routing'],
        body: CreateRoutingRuleBody,
        response: { 201: RoutingRuleResponse },
      },
    },
    async (req, reply) => {
      const rule = await createRule(deps.db, req.body);
      await recordAudit(deps.db, staff(req.caller), {
        action: 'rule.create',
        targetType: 'rule',
        targetId: rule.id,
        after: rule,
      });
      return reply.code(201).send({ rule });
    },
  );

  app.put(
    '/api/routing-rules/order',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Set the order routing rules are tried in',
        tags: ['routing'],
        body: ReorderRulesBody,
        response: { 200: ListRoutingRulesResponse },
      },
    },
    async (req) => {
      const before = (await listRules(deps.db)).map((r) => r.id);
      const rules = await reorderRules(deps.db, req.body.ids);
      await recordAudit(deps.db, staff(req.caller), {
        action: 'rule.reorder',
        targetType: 'rule',
        before: { order: before },
        after: { order: rules.map((r) => r.id) },
      });
      return { rules };
    },
  );

  app.post(
    '/api/routing-rules/test',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Which rule a sample chat would meet, and where it would go',
        tags: ['routing'],
        body: TestRoutingBody,
        response: { 200: TestRoutingResponse },
      },
    },
    async (req) => testRouting(deps.db, req.body),
  );

  app.put(
    '/api/routing-rules/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Update a routing rule',
        tags: ['routing'],
        params: IdParams,
        body: UpdateRoutingRuleBody,
        response: { 200: RoutingRuleResponse },
      },
    },
    async (req) => {
      const before = (await listRules(deps.db)).find((r) => r.id === req.params.id);
      const rule = await updateRule(deps.db, req.params.id, req.body);
      await recordAudit(deps.db, staff(req.caller), {
        action: 'rule.update',
        targetType: 'rule',
        targetId: rule.id,
        before,
        after: rule,
      });
      return { rule };
    },
  );

  app.delete(
    '/api/routing-rules/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Delete a routing rule',
        tags: ['routing'],
        params: IdParams,
        response: { 200: RoutingRuleResponse },
      },
    },
    async (req) => {
      const rule = await deleteRule(deps.db, req.params.id);
      await recordAudit(deps.db, staff(req.caller), {
        action: 'rule.delete',
        targetType: 'rule',
        targetId: rule.id,
        before: rule,
      });
      return { rule };
    },
  );

  app.post(
    '/api/agents/:id/deactivate',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Deactivate an agent (their chats go back to the queue, their sessions end)',
        tags: ['agents'],
        params: IdParams,
        response: { 200: DeactivateAgentResponse },
      },
    },
    async (req) => {
      const caller = staff(req.caller);
      if (caller.agentId === req.params.id)
        throw new AppError('CONFLICT', 'You cannot deactivate yourself: ask another admin');
      const before = await getAgentDto(deps.db, req.params.id);
      const { requeued } = await router.deactivate(req.params.id);
      const agent = await getAgentDto(deps.db, req.params.id);
      await recordAudit(deps.db, caller, {
        action: 'agent.deactivate',
        targetType: 'agent',
        targetId: agent.id,
        before,
        after: { ...agent, requeued },
      });
      return { agent, requeued };
    },
  );

  app.post(
    '/api/agents/:id/reactivate',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Reactivate a deactivated agent (they can sign in again)',
        tags: ['agents'],
        params: IdParams,
        response: { 200: AgentResponse },
      },
    },
    async (req) => {
      const before = await getAgentDto(deps.db, req.params.id);
      await router.reactivate(req.params.id);
      const agent = await getAgentDto(deps.db, req.params.id);
      await recordAudit(deps.db, staff(req.caller), {
        action: 'agent.reactivate',
        targetType: 'agent',
        targetId: agent.id,
        before,
        after: agent,
      });
      return { agent };
    },
  );

  app.put(
    '/api/agents/:id/status',
    {
      config: { auth: 'agent' },
      schema: {
        summary: "Set an agent's status",
        tags: ['agents'],
        params: IdParams,
        body: AgentStatusBody,
        response: { 200: AgentResponse },
        description: "Set an agent's status: your own, or anyone's as an admin (for example forcing offline).",
      },
    },
    async (req) => {
      const caller = staff(req.caller);
      if (caller.role !== 'admin' && caller.agentId !== req.params.id) {
        throw new AppError('FORBIDDEN', 'You can only set your own status');
      }
      const before = await getAgentDto(deps.db, req.params.id);
      await router.presence.setStatus(req.params.id, req.body.status);
      const agent = await getAgentDto(deps.db, req.params.id);
      // An admin forcing someone else's status is an admin change; agents setting their own are not logged.
      if (caller.agentId !== req.params.id)
        await recordAudit(deps.db, caller, {
          action: 'agent.status',
          targetType: 'agent',
          targetId: agent.id,
          before: { status: before.status },
          after: { status: agent.status },
        });
      return { agent };
    },
  );

  app.post(
    '/api/chat/:id/accept',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Accept a waiting chat',
        tags: ['chat'],
        params: IdParams,
        response: { 200: ConversationResponse },
      },
    },
    async (req) => {
      const caller = staff(req.caller);
      if (!caller.agentId) throw new AppError('FORBIDDEN', 'Only agents can accept chats');
      return { conversation: await router.accept(caller.agentId, req.params.id) };
    },
  );

  app.post(
    '/api/chat/:id/transfer',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Transfer a chat to an agent or a team',
        tags: ['chat'],
        params: IdParams,
        body: TransferBody,
        response: { 200: ConversationResponse },
      },
    },
    async (req) => ({ conversation: await router.transfer(mover(staff(req.caller)), req.params.id, req.body) }),
  );

  app.post(
    '/api/chat/:id/return',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Return a chat to the queue',
        tags: ['chat'],
        params: IdParams,
        response: { 200: ConversationResponse },
      },
    },
    async (req) => ({ conversation: await router.returnToQueue(mover(staff(req.caller)), req.params.id) }),
  );

  app.get(
    '/api/sites/:siteKey/availability',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'Whether a chat started now would be answered',
        tags: ['sites'],
        params: z.object({ siteKey: nonEmptyText(100) }),
        response: { 200: AvailabilityResponse },
      },
    },
    async (req, reply) => {
      const site = await resolveSite(deps.db, req.params.siteKey);
      // Answered to any origin (CORS is open on this one route), so a widget on a page the site does not allow can
      // tell its visitor, and its owner, instead of failing every call without a word.
      const { origin, serverOrigin } = requestContext(deps.config, req);
      reply.header('cache-control', 'public, max-age=5').header('vary', 'origin');
      // Outside business hours nobody is there to answer, whoever is signed in: the widget treats the team as away.
      const hours = hoursAt(site.businessHours, deps.clock.now());
      const live = await router.availability();
      return {
        availability: {
          ...live,
          ...hours,
          available: live.available && hours.withinBusinessHours,
          team: hours.withinBusinessHours ? live.team : [],
          originAllowed: originAllowed(site, origin, serverOrigin),
        },
      };
    },
  );
};
