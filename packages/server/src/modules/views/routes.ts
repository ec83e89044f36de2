import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateSavedViewBody,
  IdParams,
  ListSavedViewsResponse,
  OkResponse,
  SavedViewResponse,
  UpdateSavedViewBody,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller as staff } from '../../identity/caller.js';
import { createView, deleteView, listViews, updateView } from './service.js';

export const viewRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['views'];
  const description = "Your own: nobody else sees or changes them. `query` is the conversation list's filters.";

  app.get(
    '',
    {
      config: { auth: 'agent' },
      schema: { summary: 'List your saved views', tags, description, response: { 200: ListSavedViewsResponse } },
    },
    async (req) => ({ views: await listViews(deps.db, staff(req.caller)) }),
  );

  app.post(
    '',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Save a view (named conversation filters)',
        tags,
        description,
        body: CreateSavedViewBody,
        response: { 201: SavedViewResponse },
      },
    },
    async (req, reply) => reply.code(201).send({ view: await createView(deps.db, staff(req.caller), req.body) }),
  );

  app.put(
    '/:id',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Rename a saved view or change its filters',
        tags,
        params: IdParams,
        body: UpdateSavedViewBody,
        response: { 200: SavedViewResponse },
      },
    },
    async (req) => ({ view: await updateView(deps.db, staff(req.caller), req.params.id, req.body) }),
  );

  app.delete(
    '/:id',
    {
      config: { auth: 'agent' },
      schema: { summary: 'Delete a saved view', tags, params: IdParams, response: { 200: OkResponse } },
    },
    async (req) => {
      await deleteView(deps.db, staff(req.caller), req.params.id);
      return { ok: true as const };
    },
  );
};
