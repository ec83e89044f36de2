import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { tokenPrefixes } from '../lib/secrets.js';
import { cookieNames } from './auth.js';

/** The origin browsers use for this server: PUBLIC_URL when set, else what the request was addressed to. */
export function requestServerOrigin(config: Config, request: FastifyRequest): string {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  return `${request.protocol}://${request.host}`;
}

/** The visitor token this request authenticated with, so a start can hand the same one back. */
export function presentedVisitorToken(request: FastifyRequest): string | undefined {
  if (request.caller?.kind !== 'visitor') return undefined;
  if (request.callerVia === 'bearer') {
    const token = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
    return token?.startsWith(tokenPrefixes.visitor) ? token : undefined;
  }
  return request.cookies[cookieNames.visitor];
}

export function requestContext(config: Config, request: FastifyRequest) {
  return {
    origin: request.headers.origin,
    serverOrigin: requestServerOrigin(config, request),
    presentedToken: presentedVisitorToken(request),
  };
}
