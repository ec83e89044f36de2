import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateMacroBody,
  IdParams,
  ListMacrosResponse,
  MacroResponse,
  OkResponse,
  RunMacroParams,
  RunMacroResponse,
  UpdateMacroBody,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import { createMacro, deleteMacro, listMacros, runMacro, updateMacro } from './service.js';

export const macroRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['macros'];

  app.get(
    '/api/macros',
    {
      config: { auth: 'agent' },
      schema: { summary: 'List the shared macros and your own', tags, response: { 200: ListMacrosResponse } },
    },
    async (req) => ({ macros: await listMacros(deps.db, staffCaller(req.caller)) }),
  );

  app.post(
    '/api/macros',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Create a macro (yours, or shared by an admin)',
        tags,
        body: CreateMacroBody,
        response: { 201: MacroResponse },
      },
    },
    async (req, reply) => {
      const caller = staffCaller(req.caller);
      const macro = await createMacro(deps.db, caller, req.body);
      if (macro.ownerId === null)
        await recordAudit(deps.db, caller, {
          action: 'macro.create',
          targetType: 'macro',
          targetId: macro.id,
          after: macro,
        });
      return reply.code(201).send({ macro });
    },
  );

  app.put(
    '/api/macros/:id',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Change a macro',
        tags,
        params: IdParams,
        body: UpdateMacroBody,
        response: { 200: MacroResponse },
      },
    },
    async (req) => {
      const caller = staffCaller(req.caller);
      const { before, after } = await updateMacro(deps.db, caller, req.params.id, req.body);
      if (after.ownerId === null)
        await recordAudit(deps.db, caller, {
          action: 'macro.update',
          targetType: 'macro',
          targetId: after.id,
          before,
          after,
        });
      return { macro: after };
    },
  );

  app.delete(
    '/api/macros/:id',
    {
      config: { auth: 'agent' },
      schema: { summary: 'Delete a macro', tags, params: IdParams, response: { 200: OkResponse } },
    },
    async (req) => {
      const caller = staffCaller(req.caller);
      const before = await deleteMacro(deps.db, caller, req.params.id);
      if (before.ownerId === null)
        await recordAudit(deps.db, caller, {
          action: 'macro.delete',
          targetType: 'macro',
          targetId: before.id,
          before,
        });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/chat/:id/macros/:macroId/run',
    {
      config: { auth: 'agent' },
      schema: {
        summary: "Run a macro's steps on a conversation, in order (the first that fails stops the run)",
        tags,
        params: RunMacroParams,
        response: { 200: RunMacroResponse },
      },
    },
    async (req) => runMacro(deps, staffCaller(req.caller), req.params.id, req.params.macroId),
  );
};
