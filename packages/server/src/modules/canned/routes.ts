import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CannedResponseResponse,
  CreateCannedResponseBody,
  IdParams,
  ListCannedResponsesQuery,
  ListCannedResponsesResponse,
  OkResponse,
  RenameCannedCategoryBody,
  RenameCannedCategoryParams,
  RenameCannedCategoryResponse,
  UpdateCannedResponseBody,
  UseCannedResponseBody,
  UseCannedResponseResponse,
} from '@support-chat/protocol';
import type { CannedResponse } from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller as staff, type UserCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import {
  createCanned,
  deleteCanned,
  getCanned,
  listCanned,
  renameCategory,
  updateCanned,
  useCanned,
} from './service.js';

export const cannedRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['canned responses'];

  /** Shared responses are the team's tools: their changes go in the audit log (an agent's own stay theirs). */
  const audited = async (caller: UserCaller, action: string, before?: CannedResponse, after?: CannedResponse) => {
    const record = after ?? before;
    if (!record || record.agentId !== null) return;
    // What was written, not how often it was used since.
    const written = ({ usageCount: _u, lastUsedAt: _l, ...rest }: CannedResponse) => rest;
    await recordAudit(deps.db, caller, {
      action,
      targetType: 'canned_response',
      targetId: record.id,
      before: before && written(before),
      after: after && written(after),
    });
  };

  app.get(
    '',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'List canned responses (shared and your own)',
        tags,
        querystring: ListCannedResponsesQuery,
        response: { 200: ListCannedResponsesResponse },
        description: 'Shared responses and your own, most used first.',
      },
    },
    async (req) => ({ cannedResponses: await listCanned(deps, staff(req.caller), req.query) }),
  );

  app.post(
    '',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Create a canned response',
        tags,
        body: CreateCannedResponseBody,
        response: { 201: CannedResponseResponse },
        description:
          'Placeholders: {{customer.name}}, {{customer.firstName}}, {{customer.email}}, {{customer.id}}, {{agent.name}}, ' +
          '{{agent.firstName}}, {{agent.email}}, {{conversation.subject}}, {{conversation.id}}; `{{customer.firstName|there}}` gives a fallback.',
      },
    },
    async (req, reply) => {
      const caller = staff(req.caller);
      const cannedResponse = await createCanned(deps, caller, req.body);
      await audited(caller, 'canned.create', undefined, cannedResponse);
      return reply.code(201).send({ cannedResponse });
    },
  );

  app.put(
    '/categories/:category',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Rename a category',
        tags,
        params: RenameCannedCategoryParams,
        body: RenameCannedCategoryBody,
        response: { 200: RenameCannedCategoryResponse },
        description:
          'On every canned response you may change that has it: an admin renames it on the shared ones and their own, an agent on their own.',
      },
    },
    async (req) => {
      const caller = staff(req.caller);
      const renamed = await renameCategory(deps, caller, req.params.category, req.body.name);
      if (caller.role === 'admin' && renamed > 0)
        await recordAudit(deps.db, caller, {
          action: 'canned.rename_category',
          targetType: 'canned_category',
          targetId: req.params.category,
          before: { category: req.params.category },
          after: { category: req.body.name, renamed },
        });
      return { renamed };
    },
  );

  app.get(
    '/:id',
    {
      config: { auth: 'agent' },
      schema: { summary: 'Get a canned response', tags, params: IdParams, response: { 200: CannedResponseResponse } },
    },
    async (req) => ({ cannedResponse: await getCanned(deps, staff(req.caller), req.params.id) }),
  );

  app.put(
    '/:id',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Update a canned response',
        tags,
        params: IdParams,
        body: UpdateCannedResponseBody,
        response: { 200: CannedResponseResponse },
      },
    },
    async (req) => {
      const caller = staff(req.caller);
      const before = await getCanned(deps, caller, req.params.id);
      const cannedResponse = await updateCanned(deps, caller, req.params.id, req.body);
      await audited(caller, 'canned.update', before, cannedResponse);
      return { cannedResponse };
    },
  );

  app.delete(
    '/:id',
    {
      config: { auth: 'agent' },
      schema: { summary: 'Delete a canned response', tags, params: IdParams, response: { 200: OkResponse } },
    },
    async (req) => {
      const caller = staff(req.caller);
      const before = await getCanned(deps, caller, req.params.id);
      await deleteCanned(deps, caller, req.params.id);
      await audited(caller, 'canned.delete', before);
      return { ok: true as const };
    },
  );

  app.post(
    '/:id/use',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Use a canned response: its text filled for a conversation',
        tags,
        params: IdParams,
        body: UseCannedResponseBody,
        response: { 200: UseCannedResponseResponse },
        description: 'The text with placeholders filled for a conversation; counts one use. Nothing is sent.',
      },
    },
    async (req) => useCanned(deps, staff(req.caller), req.params.id, req.body.conversationId),
  );
};
