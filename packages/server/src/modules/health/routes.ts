import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';

export const healthRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const Ok = z.object({ status: z.literal('ok') });
  // Liveness: the process answers. Readiness: and its database does too.
  app.get(
    '/healthz',
    { config: { auth: 'public' }, schema: { summary: 'Liveness', tags: ['health'], response: { 200: Ok } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { auth: 'public' },
      schema: { summary: 'Readiness: the database answers', tags: ['health'], response: { 200: Ok } },
    },
    async (req) => {
      try {
        await deps.db.execute(sql`select 1`);
      } catch (err) {
        req.log.warn({ err }, 'readiness check: database unreachable');
        throw new AppError('NOT_READY', 'The database is not reachable');
      }
      return { status: 'ok' as const };
    },
  );
};
