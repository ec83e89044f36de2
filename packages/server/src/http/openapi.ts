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

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is plain JSON walked by shape
type Json = any;

/** `tickets` → `ticket`, `categories` → `category`; `analytics`, `status` stay. */
const singular = (s: string) =>
  /(ics|tus|ss)$/.test(s) ? s : s.endsWith('ies') ? `${s.slice(0, -3)}y` : s.replace(/s$/, '');

/** Every schema object of the document with the name of the object it sits in: `[parent, schema, field]`. */
function* fieldsOf(doc: Json): Generator<[string, Json, string]> {
  function* walk(s: Json, parent: string): Generator<[string, Json, string]> {
    if (!s || typeof s !== 'object') return;
    for (const [name, child] of Object.entries<Json>(s.properties ?? {})) {
      yield [parent, child, name];
      yield* walk(child, singular(name));
    }
    if (s.items) yield* walk(s.items, parent);
    for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) yield* walk(alt, parent);
    if (s.additionalProperties && typeof s.additionalProperties === 'object')
      yield* walk(s.additionalProperties, parent);
  }
  for (const [path, methods] of Object.entries<Json>(doc.paths ?? {})) {
    // A body's or query's own fields are described as fields of the path's resource (`/api/tickets` → ticket).
    const resource = singular(path.split('/')[2] ?? '');
    for (const op of Object.values<Json>(methods)) {
      for (const p of op.parameters ?? []) yield [resource, p, `?${p.name}`];
      yield* walk(op.requestBody?.content?.['application/json']?.schema, resource);
      for (const r of Object.values<Json>(op.responses ?? {}))
        yield* walk(r?.content?.['application/json']?.schema, '');
    }
  }
}

/**
 * Puts the glossary's description (protocol's field-docs) on every field that has none of its own: a description
 * written on a schema wins, the glossary fills the rest.
 */
export function describeFields(doc: Json, describe: (parent: string, field: string) => string | undefined) {
  for (const [parent, schema, field] of fieldsOf(doc)) {
    if (!schema.description) {
      const d = describe(parent, field);
      if (d) schema.description = d;
    }
  }
  return doc;
}

/** Fields still without a description, as `parent.field` (for the test that keeps the document complete). */
export function undescribedFields(doc: Json): string[] {
  const missing = new Set<string>();
  for (const [parent, schema, field] of fieldsOf(doc)) if (!schema.description) missing.add(`${parent}.${field}`);
  return [...missing].sort();
}
