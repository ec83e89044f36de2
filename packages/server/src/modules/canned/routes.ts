import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CannedResponseResponse,
  CreateCannedResponseBody,
  IdParams,
  ListCannedResponsesQuery,
  ListCannedResponsesResponse,
  OkResponse,
  UpdateCannedResponseBody,
  UseCannedResponseBody,
  UseCannedResponseResponse,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller as staff } from '../../identity/caller.js';
import { createCanned, deleteCanned, getCanned, listCanned, updateCanned, useCanned } from './service.js';

export const cannedRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['canned responses'];

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
    async (req, reply) =>
      reply.code(201).send({ cannedResponse: await createCanned(deps, staff(req.caller), req.body) }),
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
    async (req) => ({ cannedResponse: await updateCanned(deps, staff(req.caller), req.params.id, req.body) }),
  );

  app.delete(
    '/:id',
    {
      config: { auth: 'agent' },
      schema: { summary: 'Delete a canned response', tags, params: IdParams, response: { 200: OkResponse } },
    },
    async (req) => {
      await deleteCanned(deps, staff(req.caller), req.params.id);
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
