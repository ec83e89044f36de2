import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateTicketBody,
  CreateTicketResponse,
  IdParams,
  ListTicketsQuery,
  ListTicketsResponse,
  MergeBody,
  MergeTicketResponse,
  TicketResponse,
  UpdateTicketBody,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { cookieNames } from '../../http/auth.js';
import { setSessionCookie } from '../../http/cookies.js';
import { requestContext } from '../../http/request-context.js';
import { staffCaller } from '../../identity/caller.js';
import { createTicket, getTicket, listTickets, ticketFor, updateTicket } from './service.js';
import { mergeTickets } from './merge.js';

export const ticketRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['tickets'];
  const { rateLimits } = deps.config;

  app.post(
    '',
    {
      // Public so the widget's offline form works before any chat; anonymous callers are rate-limited by IP.
      config: {
        auth: 'public',
        rateLimit: {
          max: (req) => (req.caller ? 10 * rateLimits.publicTicket : rateLimits.publicTicket),
          timeWindow: rateLimits.windowMs,
        },
      },
      schema: { summary: 'Create a ticket', tags, body: CreateTicketBody, response: { 201: CreateTicketResponse } },
    },
    async (req, reply) => {
      const { ticket, visitorToken } = await createTicket(deps, req.caller, req.body, requestContext(deps.config, req));
      if (visitorToken && visitorToken !== requestContext(deps.config, req).presentedToken) {
        const expires = new Date(deps.clock.now().getTime() + deps.config.visitorTokenTtlMs);
        setSessionCookie(req, reply, cookieNames.visitor, visitorToken, expires, deps.config.publicUrl);
      }
      return reply.code(201).send({ ticket: ticketFor(req.caller, ticket), ...(visitorToken ? { visitorToken } : {}) });
    },
  );

  app.get(
    '',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: {
        summary: 'List tickets with filters',
        tags,
        querystring: ListTicketsQuery,
        response: { 200: ListTicketsResponse },
      },
    },
    async (req) => {
      const page = await listTickets(deps, req.caller!, req.query);
      return { ...page, tickets: page.tickets.map((t) => ticketFor(req.caller, t)) };
    },
  );

  app.get(
    '/:id',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: { summary: 'Get a ticket', tags, params: IdParams, response: { 200: TicketResponse } },
    },
    async (req) => ({ ticket: ticketFor(req.caller, await getTicket(deps, req.caller!, req.params.id)) }),
  );

  app.put(
    '/:id',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Update a ticket',
        tags,
        params: IdParams,
        body: UpdateTicketBody,
        response: { 200: TicketResponse },
      },
    },
    async (req) => ({ ticket: await updateTicket(deps, req.params.id, req.body) }),
  );

  app.post(
    '/:id/merge',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Merge another ticket of the same customer into this one',
        tags,
        params: IdParams,
        body: MergeBody,
        response: { 200: MergeTicketResponse },
        description:
          "The other ticket is closed, pointing here (mergedIntoId), its tags join this one's, and its thread (when it has its own conversation) joins this ticket's thread in time order, as POST /api/chat/:id/merge does.",
      },
    },
    async (req) => mergeTickets(deps, staffCaller(req.caller), req.params.id, req.body.sourceId),
  );
};
