// What every documented route must carry in the OpenAPI document: a summary (a route without one fails at start-up,
// so none slips in), and the error body for its 4xx and 5xx answers, which all come from the one error handler.
import type { FastifyInstance } from 'fastify';
import { ErrorBody } from '@support-chat/protocol';

export function documentEveryRoute(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { hide?: boolean; summary?: string; response?: Record<string, unknown> } | undefined;
    if (!schema || schema.hide) return;
    if (!schema.summary) throw new Error(`${String(route.method)} ${route.url} has no OpenAPI summary`);
    schema.response = { '4XX': ErrorBody, '5XX': ErrorBody, ...schema.response };
  });
}
