import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateSiteBody,
  IdParams,
  ListSitesResponse,
  PublicSiteResponse,
  SiteResponse,
  SiteSecretResponse,
  UpdateSiteBody,
  nonEmptyText,
} from '@support-chat/protocol';
import type { Site } from '@support-chat/protocol';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { staffCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import { createSite, getSite, toSiteDto, listSites, resolveSite, rotateIdentitySecret, updateSite } from './service.js';

/** What the audit log keeps of a site: its settings, not where its hours stood at that moment. */
const recorded = ({ hoursNow: _, ...site }: Site) => site;

export const siteRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '',
    {
      config: { auth: 'admin' },
      schema: { summary: 'List sites', tags: ['sites'], response: { 200: ListSitesResponse } },
    },
    async () => ({ sites: await listSites(db, deps.clock.now()) }),
  );

  app.post(
    '',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Create a site',
        tags: ['sites'],
        body: CreateSiteBody,
        response: { 201: SiteSecretResponse },
        description: 'The answer carries the identity secret; it is not shown again (rotate to get a new one).',
      },
    },
    async (req, reply) => {
      const made = await createSite(db, req.body, deps.clock.now());
      await recordAudit(db, staffCaller(req.caller), {
        action: 'site.create',
        targetType: 'site',
        targetId: made.site.id,
        after: recorded(made.site),
      });
      return reply.code(201).send(made);
    },
  );

  app.get(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Get a site', tags: ['sites'], params: IdParams, response: { 200: SiteResponse } },
    },
    async (req) => ({ site: await getSite(db, req.params.id, deps.clock.now()) }),
  );

  app.put(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Update a site (name, origins, verification, widget, business hours)',
        tags: ['sites'],
        params: IdParams,
        body: UpdateSiteBody,
        response: { 200: SiteResponse },
        description: 'In force at once on every node: sites are read from the database on each widget and chat call.',
      },
    },
    async (req) => {
      const { before, site } = await updateSite(db, req.params.id, req.body, deps.clock.now());
      await recordAudit(db, staffCaller(req.caller), {
        action: 'site.update',
        targetType: 'site',
        targetId: site.id,
        before: recorded(before),
        after: recorded(site),
      });
      return { site };
    },
  );

  app.post(
    '/:id/identity-secret',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Rotate the identity secret',
        tags: ['sites'],
        params: IdParams,
        response: { 200: SiteSecretResponse },
        description:
          'A new secret, in this answer only; customerHash values made with the old one stop verifying at once.',
      },
    },
    async (req) => {
      const made = await rotateIdentitySecret(db, req.params.id, deps.clock.now());
      await recordAudit(db, staffCaller(req.caller), {
        action: 'site.rotate_secret',
        targetType: 'site',
        targetId: made.site.id,
        after: { identitySecretHint: made.site.identitySecretHint },
      });
      return made;
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
      const s = toSiteDto(await resolveSite(db, req.params.siteKey), deps.clock.now());
      return {
        site: { name: s.name, siteKey: s.siteKey, requireVerification: s.requireVerification, widget: s.widget },
      };
    },
  );
};
