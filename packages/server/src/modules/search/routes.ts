import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SearchQuery, SearchResponse } from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { search } from './service.js';

export const searchRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Search conversations, messages, customers and tickets',
        tags: ['search'],
        querystring: SearchQuery,
        response: { 200: SearchResponse },
        description:
          'Conversations whose messages, customer name or email, subject, tags or ticket subjects match every word ' +
          '(as a prefix), best first. Filters: status, channel, agentId, customerId, tag, from/to (created).',
      },
    },
    async (req) => search(deps, req.query),
  );
};
