// One error handler: every failure becomes `{ error: { code, message, details? } }` with the right status.
// 5xx bodies never carry stacks, SQL or driver text; those go to the log only.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorCode } from '@support-chat/protocol';
import { AppError } from '../errors.js';
import { PG, isTransientDbError, pgErrorCode } from '../lib/db-errors.js';

const codeForStatus: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return reply.code(err.statusCode).send(errorBody(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const details = err.validation.flatMap((v) => {
        const path = [where, ...v.instancePath.split('/').filter(Boolean)];
        // A field we do not know is named on its own: a typo'd filter must not silently match everything.
        const unknown =
          v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys) ? (v.params.keys as string[]) : [];
        if (unknown.length)
          return unknown.map((key) => ({ path: [...path, key].join('.'), message: 'is not a known field' }));
        return [{ path: path.join('.'), message: v.message ?? 'is invalid' }];
      });
      return reply.code(400).send(errorBody('VALIDATION_ERROR', `Invalid ${where}`, details));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause?.issues }, 'response did not match its schema');
      return reply.code(500).send(errorBody('INTERNAL_ERROR', 'Internal server error'));
    }
    const fastifyCode = (err as FastifyError).code;
    // Too many parts or files never get here: the upload route answers those itself (400, one file per upload).
    if (fastifyCode === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.code(413).send(errorBody('PAYLOAD_TOO_LARGE', 'The upload is too large'));
    }
    if (fastifyCode === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with a `file` field'));
    }
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send(errorBody('PAYLOAD_TOO_LARGE', 'The request body is too large'));
    }
    if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (Content-Type: application/json)'));
    }
    if (
      fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (err.statusCode === 400 && err instanceof SyntaxError)
    ) {
      return reply.code(400).send(errorBody('INVALID_JSON', 'The request body is not valid JSON'));
    }
    if (err.statusCode === 429) {
      return reply.code(429).send(
        errorBody('RATE_LIMITED', 'Too many requests; try again later', {
          retryAfterSeconds: Number(reply.getHeader('retry-after')) || undefined,
        }),
      );
    }
    const pg = pgErrorCode(err);
    if (pg === PG.uniqueViolation) {
      return reply.code(409).send(errorBody('CONFLICT', 'This conflicts with existing data'));
    }
    if (pg === PG.invalidText || pg === PG.characterNotInRepertoire || pg === PG.untranslatableCharacter) {
      return reply.code(400).send(errorBody('BAD_REQUEST', 'A value could not be stored'));
    }
    if (isTransientDbError(err)) {
      request.log.warn({ err }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '2')
        .send(
          errorBody('SERVICE_UNAVAILABLE', 'The service is briefly unavailable; try again shortly', {
            retryAfterSeconds: 2,
          }),
        );
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad content-length, proto poisoning, …): its message is safe to show.
      return reply.code(status).send(errorBody(codeForStatus[status] ?? 'BAD_REQUEST', err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody('INTERNAL_ERROR', 'Internal server error'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}

/** Errors the router raises before any route runs (malformed or over-long URLs): the same shape, 400. */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  void reply
    .code(400)
    .send(
      errorBody(
        'BAD_REQUEST',
        err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'Malformed URL',
      ),
    );
}
