import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SlaPolicyResponse, UpdateSlaPolicyBody } from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import type { Settings } from './service.js';

export const settingsRoutes: FastifyPluginAsyncZod<{ deps: Deps; settings: Settings }> = async (
  app,
  { deps, settings },
) => {
  const tags = ['settings'];
  app.get(
    '/sla',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'The SLA policy: first-response hours per priority',
        tags,
        response: { 200: SlaPolicyResponse },
      },
    },
    async () => ({ sla: await settings.sla() }),
  );

  app.put(
    '/sla',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Change the SLA policy (new tickets, and tickets whose priority changes, get the new due times)',
        tags,
        body: UpdateSlaPolicyBody,
        response: { 200: SlaPolicyResponse },
      },
    },
    async (req) => {
      const caller = staffCaller(req.caller);
      const before = await settings.sla();
      const sla = await settings.setSla(req.body, caller.userId);
      await recordAudit(deps.db, caller, {
        action: 'settings.sla',
        targetType: 'settings',
        targetId: 'sla',
        before,
        after: sla,
      });
      return { sla };
    },
  );
};
