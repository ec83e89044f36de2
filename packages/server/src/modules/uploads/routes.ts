import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, uuid } from '@support-chat/protocol';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { rateKeys } from '../../identity/caller.js';
import { contentDisposition, INLINE_TYPES } from './sniff.js';
import { discardUpload, openDownload, storeUpload } from './service.js';

const oneFilePerUpload = () =>
  new AppError('VALIDATION_ERROR', 'Send one file per upload', [{ path: 'file', message: 'exactly one file part' }]);

/**
 * Exactly one named file part, read to the end of the body: a second file or a field is refused (and what was
 * stored is discarded), and a body cut off or malformed is the client's 400, not the server's 500.
 */
async function readOneFile<T>(
  req: FastifyRequest,
  store: (part: MultipartFile) => Promise<T>,
  discard: (stored: T) => Promise<void>,
): Promise<T> {
  let stored: T | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file' || stored !== undefined) {
        if (part.type === 'file') part.file.resume();
        throw oneFilePerUpload();
      }
      if (!part.filename.trim()) {
        part.file.resume();
        throw new AppError('VALIDATION_ERROR', 'The file needs a name', [
          { path: 'file', message: 'file name required' },
        ]);
      }
      stored = await store(part);
    }
  } catch (err) {
    if (stored !== undefined) await discard(stored);
    throw malformed(err);
  }
  if (stored === undefined) throw new AppError('VALIDATION_ERROR', 'No file', [{ path: 'file', message: 'required' }]);
  return stored;
}

/** busboy's parse errors (a body cut short, a broken part header) and the multipart limits, as client errors. */
function malformed(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return oneFilePerUpload();
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PROTO_VIOLATION') return err;
  const message = (err as { message?: string }).message ?? '';
  if (
    code === 'FST_MP_PREMATURE_CLOSE' ||
    /^(Unexpected end of|Malformed|Multipart: Boundary not found)/.test(message)
  ) {
    return new AppError('BAD_REQUEST', 'The upload was cut off or is not valid multipart/form-data');
  }
  return err;
}

const UploadResponse = z.object({
  attachment: z.object({ id: uuid, url: z.string(), name: z.string(), mimeType: z.string(), size: z.number().int() }),
});

export const uploadRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['uploads'];

  app.post(
    '/api/uploads',
    {
      config: {
        auth: ['visitor', 'agent'],
        rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: rateKeys.byVisitorOrIp },
      },
      schema: {
        summary: 'Upload a file to a conversation',
        tags,
        querystring: z.object({ conversationId: uuid }),
        response: { 201: UploadResponse },
        description:
          "multipart/form-data with one `file` field. The type is decided from the bytes; the result goes in a message's attachments.",
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with a `file` field');
      const attachment = await readOneFile(
        req,
        (part) =>
          storeUpload(deps, req.caller!, req.query.conversationId, {
            stream: part.file,
            filename: part.filename,
            truncated: () => part.file.truncated,
          }),
        (stored) => discardUpload(deps, stored.id),
      );
      return reply.code(201).send({ attachment });
    },
  );

  app.get(
    '/api/uploads/:id',
    {
      // <img src> cannot send a bearer header, so a cross-origin widget may put its token in the query.
      config: { auth: ['visitor', 'agent'], queryToken: true },
      schema: {
        summary: 'Download an uploaded file',
        tags,
        params: IdParams,
        querystring: z.object({ token: z.string().max(200).optional() }),
      },
    },
    async (req, reply) => {
      const { attachment, stream } = await openDownload(deps, req.caller!, req.params.id);
      // The stored type came from the bytes at upload; only raster images are shown inline.
      const inline = INLINE_TYPES.has(attachment.mimeType);
      reply
        .header('content-type', attachment.mimeType)
        .header('content-length', String(attachment.size))
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', attachment.originalName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600');
      return reply.send(stream);
    },
  );
};
