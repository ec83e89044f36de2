import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, uuid } from '@support-chat/protocol';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { rateKeys } from '../../http/caller.js';
import { contentDisposition, INLINE_TYPES } from './sniff.js';
import { openDownload, storeUpload } from './service.js';

const UploadResponse = z.object({
  attachment: z.object({ id: uuid, url: z.string(), name: z.string(), mimeType: z.string(), size: z.number().int() }),
});

export const uploadRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['uploads'];

  app.post('/api/uploads', {
    config: {
      auth: ['visitor', 'agent'],
      rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: rateKeys.byVisitorOrIp },
    },
    schema: {
      tags, querystring: z.object({ conversationId: uuid }), response: { 201: UploadResponse },
      description: 'multipart/form-data with one `file` field. The type is decided from the bytes; the result goes in a message\'s attachments.',
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with a `file` field');
    const part = await req.file();
    if (!part) throw new AppError('VALIDATION_ERROR', 'No file', [{ path: 'file', message: 'required' }]);
    const attachment = await storeUpload(deps, req.caller!, req.query.conversationId, {
      stream: part.file, filename: part.filename, truncated: () => part.file.truncated,
    });
    return reply.code(201).send({ attachment });
  });

  app.get('/api/uploads/:id', {
    // <img src> cannot send a bearer header, so a cross-origin widget may put its token in the query.
    config: { auth: ['visitor', 'agent'], queryToken: true },
    schema: { tags, params: IdParams, querystring: z.object({ token: z.string().max(200).optional() }) },
  }, async (req, reply) => {
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
  });
};
