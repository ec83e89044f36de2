import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AnalyticsQuery, AnalyticsResponse } from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { chatAnalytics } from './service.js';

/** Mounted under /api/chat, so the seed's `GET /api/chat/analytics` is where it always was. */
export const analyticsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/analytics',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Chat analytics for a period',
        tags: ['analytics'],
        querystring: AnalyticsQuery,
        response: { 200: AnalyticsResponse },
      },
    },
    async (req) => ({ analytics: await chatAnalytics(deps, req.query) }),
  );
};
