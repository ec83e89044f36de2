import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ContactNoteResponse,
  ContactQuery,
  ContactResponse,
  CreateContactNoteBody,
  UpdateContactBody,
} from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import { addContactNote, getContact, updateContact } from './service.js';

export const contactRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['contacts'];

  app.get(
    '/api/contact',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'A customer: who they are, every conversation and ticket of theirs, and notes about them',
        tags,
        querystring: ContactQuery,
        response: { 200: ContactResponse },
      },
    },
    async (req) => getContact(deps, req.query),
  );

  app.put(
    '/api/contact',
    {
      config: { auth: 'agent' },
      schema: {
        summary: "Edit a customer's name, email, phone or attributes (name and email carry to all their conversations)",
        tags,
        querystring: ContactQuery,
        body: UpdateContactBody,
        response: { 200: ContactResponse },
      },
    },
    async (req) => {
      const { before, page } = await updateContact(deps, req.query, req.body);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'contact.update',
        targetType: 'contact',
        targetId: `${req.query.siteId}/${req.query.customerId}`.slice(0, 250),
        before,
        after: page.contact,
      });
      return page;
    },
  );

  app.post(
    '/api/contact/notes',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Add a note about a customer',
        tags,
        querystring: ContactQuery,
        body: CreateContactNoteBody,
        response: { 201: ContactNoteResponse },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ note: await addContactNote(deps, staffCaller(req.caller), req.query, req.body.body) }),
  );
};
