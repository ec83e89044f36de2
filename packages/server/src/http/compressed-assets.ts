// The UI's built bundles, compressed once per build and served in the encoding the client takes (brotli, else gzip,
// else as they are), with an ETag so a reload revalidates in one round trip. The cache is keyed by the file's mtime:
// a rebuild is picked up on the next request, without a restart. Compression runs on libuv's pool (zlib's async
// calls), so the first request after a build does not hold the event loop.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

interface Compressed {
  mtimeMs: number;
  etag: string;
  raw: Buffer;
  br: Buffer;
  gzip: Buffer;
}

const cache = new Map<string, Promise<Compressed>>();

async function load(file: string, mtimeMs: number): Promise<Compressed> {
  const raw = await readFile(file);
  const [br, gz] = await Promise.all([
    brotli(raw, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }),
    gzip(raw, { level: 9 }),
  ]);
  const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`;
  return { mtimeMs, etag, raw, br, gzip: gz };
}

async function compressed(file: string): Promise<Compressed> {
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(file)).mtimeMs;
  } catch {
    throw new AppError('NOT_FOUND', 'The UI is not built; run `npm run build`');
  }
  const hit = cache.get(file);
  if (hit && (await hit).mtimeMs === mtimeMs) return hit;
  const fresh = load(file, mtimeMs);
  fresh.catch(() => cache.delete(file));
  cache.set(file, fresh);
  return fresh;
}

/** The encodings a client takes, by its Accept-Encoding (q=0 refuses one). */
export function accepted(header: string | undefined): { br: boolean; gzip: boolean } {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',').slice(0, 20)) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qv = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name) q.set(name, qv ? Number.parseFloat(qv.slice(2)) || 0 : 1);
  }
  const takes = (enc: string) => (q.get(enc) ?? q.get('*') ?? 0) > 0;
  return { br: takes('br'), gzip: takes('gzip') };
}

/** Sends a built bundle: 304 when the client has it, else the best encoding it takes. */
export async function sendBundle(req: FastifyRequest, reply: FastifyReply, file: string) {
  const c = await compressed(file);
  reply.header('etag', c.etag).header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === c.etag) return reply.code(304).send();
  const takes = accepted(req.headers['accept-encoding']);
  if (takes.br) return reply.header('content-encoding', 'br').send(c.br);
  if (takes.gzip) return reply.header('content-encoding', 'gzip').send(c.gzip);
  return reply.send(c.raw);
}
