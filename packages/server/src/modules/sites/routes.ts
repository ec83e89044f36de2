import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateSiteBody,
  IdParams,
  ListSitesResponse,
  PublicSiteResponse,
  SiteResponse,
  UpdateSiteBody,
  nonEmptyText,
} from '@support-chat/protocol';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { createSite, getSite, listSites, resolveSite, updateSite } from './service.js';

export const siteRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '',
    {
      config: { auth: 'admin' },
      schema: { summary: 'List sites', tags: ['sites'], response: { 200: ListSitesResponse } },
    },
    async () => ({ sites: await listSites(db) }),
  );

  app.post(
    '',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Create a site', tags: ['sites'], body: CreateSiteBody, response: { 201: SiteResponse } },
    },
    async (req, reply) => reply.code(201).send({ site: await createSite(db, req.body) }),
  );

  app.get(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Get a site', tags: ['sites'], params: IdParams, response: { 200: SiteResponse } },
    },
    async (req) => ({ site: await getSite(db, req.params.id) }),
  );

  app.put(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Update a site (origins, verification, identity secret)',
        tags: ['sites'],
        params: IdParams,
        body: UpdateSiteBody,
        response: { 200: SiteResponse },
      },
    },
    async (req) => ({ site: await updateSite(db, req.params.id, req.body) }),
  );

  // What the widget may know about a site before anyone identifies: never the secret or the origins.
  app.get(
    '/by-key/:siteKey',
    {
      config: { auth: 'public' },
      schema: {
        summary: 'What a widget may know of a site',
        tags: ['sites'],
        params: z.object({ siteKey: nonEmptyText(100) }),
        response: { 200: PublicSiteResponse },
      },
    },
    async (req) => {
      const s = await resolveSite(db, req.params.siteKey);
      return { site: { name: s.name, siteKey: s.siteKey, requireVerification: s.requireVerification } };
    },
  );
};
