// pino options: JSON logs that never hold tokens, passwords, cookies or message bodies.
import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["sec-websocket-protocol"]',
  // @fastify/multipart logs the options it hands busboy, request headers included, at trace level.
  'busboyOptions.headers.authorization',
  'busboyOptions.headers.cookie',
  'busboyOptions.headers["sec-websocket-protocol"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.visitorToken',
  '*.content',
  '*.identitySecret',
];

/** URLs can carry `?token=` (downloads) or what someone searched for (`?q=`); the value never reaches the log. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token|key|q)=)[^&#]*/gi, '$1[REDACTED]');
}

/**
 * Errors keep their type, message, code and stack, but never a failed query's parameters: drizzle puts them in
 * the message ("Failed query: … params: …") and in `params`, and they can hold message text or emails.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const strip = (s: string | undefined) => s?.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, '\nparams: [REDACTED]');
  const cause = (err as { cause?: unknown }).cause;
  return {
    type: err.name,
    message: strip(err.message),
    code: (err as { code?: unknown }).code,
    stack: strip(err.stack),
    ...(cause instanceof Error ? { cause: safeError(cause) } : {}),
  };
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[REDACTED]' },
    serializers: {
      err: safeError,
      req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.ip,
      }),
    },
  };
}

export type LoggerSetting = Pick<FastifyServerOptions, 'loggerInstance' | 'logger'>;
export type { DestinationStream };
