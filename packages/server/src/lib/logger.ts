// pino options: JSON logs that never hold tokens, passwords, cookies or message bodies.
import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.visitorToken',
  '*.content',
  '*.identitySecret',
];

/** URLs can carry `?token=` (WebSocket handshakes); the value never reaches the log. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token|key)=)[^&#]*/gi, '$1[REDACTED]');
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[REDACTED]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
        method: req.method, url: redactUrl(req.url), remoteAddress: req.ip,
      }),
    },
  };
}

export type LoggerSetting = Pick<FastifyServerOptions, 'loggerInstance' | 'logger'>;
export type { DestinationStream };
