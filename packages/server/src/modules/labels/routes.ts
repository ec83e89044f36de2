import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateLabelBody,
  DeleteLabelResponse,
  IdParams,
  LabelResponse,
  ListLabelsResponse,
  UpdateLabelBody,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import { createLabel, deleteLabel, listLabels, updateLabel } from './service.js';

export const labelRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['labels'];

  app.get(
    '',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'List labels (the catalogue of tags and their colours)',
        tags,
        response: { 200: ListLabelsResponse },
      },
    },
    async () => ({ labels: await listLabels(deps.db) }),
  );

  app.post(
    '',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Create a label', tags, body: CreateLabelBody, response: { 201: LabelResponse } },
    },
    async (req, reply) => {
      const label = await createLabel(deps.db, req.body);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'label.create',
        targetType: 'label',
        targetId: label.id,
        after: label,
      });
      return reply.code(201).send({ label });
    },
  );

  app.put(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Update a label (a new name renames the tag on every conversation and ticket)',
        tags,
        params: IdParams,
        body: UpdateLabelBody,
        response: { 200: LabelResponse },
      },
    },
    async (req) => {
      const { before, after } = await updateLabel(deps.db, req.params.id, req.body);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'label.update',
        targetType: 'label',
        targetId: after.id,
        before,
        after,
      });
      return { label: after };
    },
  );

  app.delete(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Delete a label (its tag is taken off every conversation and ticket)',
        tags,
        params: IdParams,
        response: { 200: DeleteLabelResponse },
      },
    },
    async (req) => {
      const { before, untagged } = await deleteLabel(deps.db, req.params.id);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'label.delete',
        targetType: 'label',
        targetId: before.id,
        before,
        after: { untagged },
      });
      return { ok: true as const, untagged };
    },
  );
};
