import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ListAuditQuery, ListAuditResponse } from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { listAudit } from './service.js';

export const auditRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Read the audit log of admin changes, newest first',
        tags: ['audit'],
        querystring: ListAuditQuery,
        response: { 200: ListAuditResponse },
      },
    },
    async (req) => listAudit(deps.db, req.query),
  );
};
