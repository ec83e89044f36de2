// The one hook that enforces `config.auth` on every route, and the CSRF origin check for cookie calls.
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { wsAuthProtocolPrefix } from '@support-chat/protocol';
import { AppError } from '../errors.js';
import { resolveToken, type SessionDeps } from '../identity/sessions.js';
import { allows, type AccessLevel, type Caller, type RouteAuth } from '../identity/caller.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** Downloads in `<img src>`: browsers cannot set headers there, so `?token=` is accepted too. */
    queryToken?: boolean;
    /** WebSocket handshakes: the token rides in `Sec-WebSocket-Protocol` (never in the URL). */
    protocolToken?: boolean;
  }
  interface FastifyRequest {
    caller: Caller | null;
    /** How the caller authenticated; cookie calls get the CSRF origin check. */
    callerVia: 'cookie' | 'bearer' | 'query' | 'protocol' | null;
  }
}

export const cookieNames = { session: 'sc_session', visitor: 'sc_visitor' } as const;

export interface AuthPluginOptions {
  sessions: SessionDeps;
  /** The origin browsers use for this server (PUBLIC_URL, or the request's own host). */
  serverOrigin(request: FastifyRequest): string;
  /** Whether a foreign origin may act with a visitor cookie of this site. */
  siteAllowsOrigin(siteId: string, origin: string): Promise<boolean>;
  /** Every authenticated agent request: presence counts it as the agent being there. */
  onAgentRequest?(agentId: string): void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new AppError('UNAUTHORIZED', 'Authorization header must be "Bearer <token>"');
  return m[1];
}

/** `Sec-WebSocket-Protocol: support-chat.v1, support-chat.auth.<token>` -> the token. */
function protocolToken(header: string | undefined): string | undefined {
  for (const offered of header?.split(',') ?? []) {
    const p = offered.trim();
    if (p.startsWith(wsAuthProtocolPrefix) && p.length > wsAuthProtocolPrefix.length)
      return p.slice(wsAuthProtocolPrefix.length);
  }
  return undefined;
}

function levelsOf(rule: RouteAuth): readonly AccessLevel[] | null {
  if (rule === 'public') return null;
  return typeof rule === 'string' ? [rule as AccessLevel] : rule;
}

async function authPlugin(app: FastifyInstance, opts: AuthPluginOptions) {
  app.decorateRequest('caller', null);
  app.decorateRequest('callerVia', null);

  // Fail closed: an API route that forgot to say who may call it does not start.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.config?.auth === undefined) {
      throw new Error(`route ${route.method} ${route.url} declares no config.auth`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config.auth;
    if (rule === undefined) return;
    const levels = levelsOf(rule);

    const fromQuery = request.routeOptions.config.queryToken
      ? (request.query as { token?: unknown } | undefined)?.token
      : undefined;
    const fromProtocol = request.routeOptions.config.protocolToken
      ? protocolToken(request.headers['sec-websocket-protocol'])
      : undefined;
    const headerToken = bearerToken(request.headers.authorization);
    const explicit =
      headerToken ?? fromProtocol ?? (typeof fromQuery === 'string' && fromQuery ? fromQuery : undefined);
    let caller: Caller | null = null;
    if (explicit !== undefined) {
      caller = await resolveToken(opts.sessions, explicit);
      if (!caller && levels) throw new AppError('UNAUTHORIZED', 'The token is invalid, expired or revoked');
      request.callerVia = caller
        ? headerToken !== undefined
          ? 'bearer'
          : fromProtocol !== undefined
            ? 'protocol'
            : 'query'
        : null;
    } else {
      // With both cookies present (an agent trying the widget on the same origin), use the one the route is for.
      const order: ('visitor' | 'user')[] = !levels || levels.includes('visitor') ? ['visitor', 'user'] : ['user'];
      for (const kind of order) {
        const value = request.cookies[kind === 'user' ? cookieNames.session : cookieNames.visitor];
        if (!value) continue;
        const resolved = await resolveToken(opts.sessions, value);
        if (resolved?.kind === kind) {
          caller = resolved;
          break;
        }
      }
      request.callerVia = caller ? 'cookie' : null;
    }
    if (caller && request.callerVia === 'cookie' && !SAFE_METHODS.has(request.method)) {
      await checkCookieOrigin(request, caller, opts);
    }
    request.caller = caller;
    if (caller?.kind === 'user' && caller.readOnly && !SAFE_METHODS.has(request.method))
      throw new AppError('FORBIDDEN', 'This API key may only read');
    if (caller?.kind === 'user' && caller.agentId) opts.onAgentRequest?.(caller.agentId);
    if (!levels) return;
    if (!caller) throw new AppError('UNAUTHORIZED', 'Authentication is required');
    if (!allows(levels, caller)) throw new AppError('FORBIDDEN', 'You are not allowed to do this');
  });
}

/** Cookies ride along on cross-site requests; a state change with one must come from a page we trust. */
async function checkCookieOrigin(request: FastifyRequest, caller: Caller, opts: AuthPluginOptions) {
  const origin = request.headers.origin;
  if (origin === undefined) {
    // Browsers always send Origin on cross-site POST/PUT/DELETE; Sec-Fetch-Site covers the rest.
    if (request.headers['sec-fetch-site'] === 'cross-site') {
      throw new AppError('ORIGIN_NOT_ALLOWED', 'Cross-site requests may not use session cookies');
    }
    return;
  }
  if (origin === opts.serverOrigin(request)) return;
  if (caller.kind === 'visitor' && (await opts.siteAllowsOrigin(caller.siteId, origin))) return;
  throw new AppError('ORIGIN_NOT_ALLOWED', 'This origin may not use session cookies here');
}

export default fp(authPlugin, { name: 'support-chat-auth', dependencies: ['@fastify/cookie'] });
