import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateApiKeyBody,
  CreateApiKeyResponse,
  IdParams,
  ListApiKeysResponse,
  LoginBody,
  LoginResponse,
  MeResponse,
  UpdateMeBody,
  OkResponse,
} from '@support-chat/protocol';
import { z } from 'zod';
import { ApiKey } from '@support-chat/protocol';
import type { Deps } from '../../deps.js';
import { staffCaller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import { cookieNames } from '../../http/auth.js';
import { clearSessionCookie, setSessionCookie } from '../../http/cookies.js';
import { announceRevocation, resolveToken, revokeSession } from '../../identity/sessions.js';
import { createApiKey, listApiKeys, login, me, revokeApiKey, updateMe } from './service.js';

export const authRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['auth'];
  const { rateLimits } = deps.config;
  // Per account and source address: a handful of wrong passwords locks that email, from that address, for the window.
  const accountLimiter = deps.limits.failures('login', rateLimits.loginFailuresPerAccount, rateLimits.windowMs);

  app.post(
    '/login',
    {
      config: { auth: 'public', rateLimit: { max: rateLimits.login, timeWindow: rateLimits.windowMs } },
      schema: { summary: 'Sign in (agents and admins)', tags, body: LoginBody, response: { 200: LoginResponse } },
    },
    async (req, reply) => {
      // Session fixation: whatever session this browser had is ended, and a new token is issued.
      const previous = req.cookies[cookieNames.session];
      if (previous) {
        const old = await resolveToken(deps, previous);
        if (old?.kind === 'user' && old.sessionId) {
          await revokeSession(deps, old.sessionId);
          await announceRevocation(deps, { type: 'session_revoked', sessionIds: [old.sessionId] });
        }
      }
      const result = await login(deps, accountLimiter, req.body.email, req.body.password, req.ip);
      setSessionCookie(req, reply, cookieNames.session, result.token, result.expiresAt, deps.config.publicUrl);
      return { token: result.token, user: result.user, expiresAt: result.expiresAt.toISOString() };
    },
  );

  app.post(
    '/logout',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: { summary: 'Sign out: end this session', tags, response: { 200: OkResponse } },
    },
    async (req, reply) => {
      const caller = req.caller!;
      if (caller.sessionId) {
        await revokeSession(deps, caller.sessionId);
        await announceRevocation(deps, { type: 'session_revoked', sessionIds: [caller.sessionId] });
      }
      clearSessionCookie(reply, caller.kind === 'visitor' ? cookieNames.visitor : cookieNames.session);
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    {
      config: { auth: 'agent' },
      schema: { summary: 'The signed-in user and their agent profile', tags, response: { 200: MeResponse } },
    },
    async (req) => {
      const caller = req.caller!;
      if (caller.kind !== 'user') throw new Error('unreachable: auth hook admits users only');
      return me(deps, caller.userId, caller.agentId);
    },
  );

  app.put(
    '/me',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Change your own name or password (a new password ends your other sessions)',
        tags,
        body: UpdateMeBody,
        response: { 200: MeResponse },
      },
    },
    async (req) => updateMe(deps, staffCaller(req.caller), req.body),
  );
};

export const apiKeyRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['api-keys'];
  app.get(
    '',
    { config: { auth: 'admin' }, schema: { summary: 'List API keys', tags, response: { 200: ListApiKeysResponse } } },
    async () => ({ apiKeys: await listApiKeys(deps) }),
  );

  app.post(
    '',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Create an API key (the key is shown once)',
        tags,
        body: CreateApiKeyBody,
        response: { 201: CreateApiKeyResponse },
      },
    },
    async (req, reply) => {
      const caller = staffCaller(req.caller);
      const created = await createApiKey(deps, req.body, caller.userId);
      await recordAudit(deps.db, caller, {
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: created.apiKey.id,
        after: created.apiKey,
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/:id',
    {
      config: { auth: 'admin' },
      schema: { summary: 'Revoke an API key', tags, params: IdParams, response: { 200: z.object({ apiKey: ApiKey }) } },
    },
    async (req) => {
      const apiKey = await revokeApiKey(deps, req.params.id);
      // Sockets opened with the key close on every node, as for a revoked session.
      await announceRevocation(deps, { type: 'api_key_revoked', apiKeyId: apiKey.id });
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: apiKey.id,
        after: apiKey,
      });
      return { apiKey };
    },
  );
};
