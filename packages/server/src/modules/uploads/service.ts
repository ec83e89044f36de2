// Uploads: streamed to a temporary file under DATA_DIR while they are counted, hashed and sniffed, then handed to
// the file store (disk or S3, store.ts) under a generated key. Downloads are authorized exactly like the conversation they belong to.
import { firstOrThrow } from '../../db/rows.js';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, eq, or, sql } from 'drizzle-orm';
import type { Attachment } from '@support-chat/protocol';
import { attachments, conversations, messages } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError, conversationNotFound } from '../../errors.js';
import type { Caller } from '../../identity/caller.js';
import { conversationScope } from '../chat/scope.js';
import { markupName, sniff, type Sniffed } from './sniff.js';

const SNIFF_BYTES = 4096;

export interface UploadResult extends Attachment {
  id: string;
}

async function assertCanSee(deps: Pick<Deps, 'db'>, caller: Caller, conversationId: string) {
  const [row] = await deps.db
    .select({ id: conversations.id, status: conversations.status })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), conversationScope(caller)))
    .limit(1);
  if (!row) throw conversationNotFound();
  if (row.status === 'closed') throw new AppError('CONVERSATION_CLOSED', 'This conversation is closed');
}

export async function storeUpload(
  deps: Pick<Deps, 'db' | 'config' | 'clock' | 'files'>,
  caller: Caller,
  conversationId: string,
  file: { stream: Readable; filename: string; truncated(): boolean },
): Promise<UploadResult> {
  await assertCanSee(deps, caller, conversationId);
  const uploader =
    caller.kind === 'visitor'
      ? { type: 'customer' as const, id: caller.customerId }
      : { type: 'agent' as const, id: caller.agentId ?? caller.userId ?? caller.apiKeyId ?? null };
  return storeAttachment(deps, conversationId, uploader, file);
}

/**
 * Stores a file of a conversation whose access was checked already (an upload, an inbound email's attachment):
 * counted, hashed and sniffed on the way to disk; only the allowed types stay.
 */
export async function storeAttachment(
  deps: Pick<Deps, 'db' | 'config' | 'clock' | 'files'>,
  conversationId: string,
  uploader: { type: 'customer' | 'agent'; id: string | null },
  file: { stream: Readable; filename: string; truncated(): boolean },
): Promise<UploadResult> {
  const key = randomBytes(16).toString('hex');
  const tmp = path.join(deps.files.tempDir, `${key}.part`);
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      hash.update(chunk);
      if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(file.stream, meter, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    if (file.truncated()) {
      throw new AppError('PAYLOAD_TOO_LARGE', `Files may be at most ${deps.config.uploads.maxBytes} bytes`, {
        maxBytes: deps.config.uploads.maxBytes,
      });
    }
    if (size === 0) throw new AppError('VALIDATION_ERROR', 'The file is empty', [{ path: 'file', message: 'empty' }]);
    const type: Sniffed | undefined = sniff(head);
    if (!type || markupName(file.filename)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Allowed files: PNG, JPEG, GIF, WebP images, PDF and plain text', {
        allowed: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
      });
    }
    await deps.files.put(key, tmp, { size, mimeType: type.mimeType });
    const name = (file.filename || 'file').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || 'file';
    const row = firstOrThrow(
      await deps.db
        .insert(attachments)
        .values({
          conversationId,
          uploaderType: uploader.type,
          uploaderId: uploader.id,
          originalName: name,
          mimeType: type.mimeType,
          size,
          sha256: hash.digest('hex'),
          storageKey: key,
          createdAt: deps.clock.now(),
        })
        .returning(),
      'attachment',
    );
    return { id: row.id, url: `/api/uploads/${row.id}`, name, mimeType: type.mimeType.split(';')[0]!, size };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * A customer sees the files they uploaded and the files of messages sent to them; an agent's upload that is
 * only in a private note (or not sent yet) stays with the agents.
 */
const visitorMaySee = or(
  eq(attachments.uploaderType, 'customer'),
  sql`exists (select 1 from ${messages} where ${messages.conversationId} = ${attachments.conversationId}
    and not ${messages.isPrivate}
    and ${messages.attachments} @> jsonb_build_array(jsonb_build_object('url', '/api/uploads/' || ${attachments.id})))`,
);

/** Removes an upload that was stored but must not stay (its request turned out to be invalid). */
export async function discardUpload(deps: Pick<Deps, 'db' | 'files'>, id: string) {
  const [row] = await deps.db
    .delete(attachments)
    .where(eq(attachments.id, id))
    .returning({ key: attachments.storageKey });
  if (row) await deps.files.delete(row.key);
}

export async function openDownload(deps: Pick<Deps, 'db' | 'files'>, caller: Caller, id: string) {
  const [row] = await deps.db
    .select({ a: attachments })
    .from(attachments)
    .innerJoin(conversations, eq(conversations.id, attachments.conversationId))
    .where(
      and(eq(attachments.id, id), conversationScope(caller), caller.kind === 'visitor' ? visitorMaySee : undefined),
    )
    .limit(1);
  // Another visitor's file, or one in a private note, answers like a missing one.
  if (!row) throw new AppError('NOT_FOUND', 'File not found');
  const stream = await deps.files.get(row.a.storageKey);
  if (!stream) throw new AppError('NOT_FOUND', 'File not found');
  return { attachment: row.a, stream };
}
