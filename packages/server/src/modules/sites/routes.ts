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
import { staffCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
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
    async (req, reply) => {
      const site = await createSite(db, req.body);
      await recordAudit(db, staffCaller(req.caller), {
        action: 'site.create',
        targetType: 'site',
        targetId: site.id,
        after: site,
      });
      return reply.code(201).send({ site });
    },
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
    async (req) => {
      const before = await getSite(db, req.params.id);
      const site = await updateSite(db, req.params.id, req.body);
      await recordAudit(db, staffCaller(req.caller), {
        action: 'site.update',
        targetType: 'site',
        targetId: site.id,
        before,
        after: { ...site, ...(req.body.rotateIdentitySecret ? { identitySecretRotated: true } : {}) },
      });
      return { site };
    },
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
