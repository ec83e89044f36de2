// Uploads in an S3-compatible bucket (S3_BUCKET): a real S3 server on loopback (s3rver, speaking S3's REST API and
// its signatures), so several nodes can share files without a shared disk. The upload checks are the same as on disk
// (uploads.test.ts); here: the bytes go to the bucket and only there, come back on download, a refused or discarded
// upload leaves nothing behind, and a file the bucket lost answers 404.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApp, json, startChat, type TestApp } from './helpers.js';

const BUCKET = 'support-files';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let s3server: S3rver;
let s3dir: string;
let endpoint: string;
let client: S3Client;
let t: TestApp;
let dataDir: string;

beforeAll(async () => {
  s3dir = mkdtempSync(path.join(os.tmpdir(), 'sc-s3-'));
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sc-s3-data-'));
  s3server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3dir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = (await s3server.run()) as { port: number };
  endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  t = await createTestApp({
    DATA_DIR: dataDir,
    UPLOAD_MAX_BYTES: '4096',
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    S3_PREFIX: 'files/',
  });
});

afterAll(async () => {
  await t.close();
  client.destroy();
  await s3server.close();
  rmSync(s3dir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]);

function upload(token: string, conversationId: string, filename: string, content: Buffer) {
  const boundary = `----sc${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: `/api/uploads?conversationId=${conversationId}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...bearer(token) },
    payload: body,
  });
}

async function keys() {
  const out = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (out.Contents ?? []).map((o) => ({ key: o.Key!, size: o.Size! }));
}

it('stores an upload in the bucket under the prefix, nowhere on disk, and serves it back byte for byte', async () => {
  const v = await startChat(t.app, {});
  const res = await upload(v.token, v.conversation.id, 'cat.png', PNG);
  expect(res.statusCode, res.body).toBe(201);
  const { attachment } = json(res);
  const stored = await keys();
  expect(stored).toHaveLength(1);
  expect(stored[0]!.key).toMatch(/^files\/[0-9a-f]{32}$/);
  expect(stored[0]!.size).toBe(PNG.length);
  // The temporary file is gone; nothing was kept locally.
  expect(readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);

  const dl = await t.app.inject({ url: attachment.url, headers: bearer(v.token) });
  expect(dl.statusCode).toBe(200);
  expect(dl.rawPayload.equals(PNG)).toBe(true);
  expect(dl.headers['content-type']).toBe('image/png');

  // A file the bucket no longer has answers like a missing one.
  await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: stored[0]!.key }));
  const gone = await t.app.inject({ url: attachment.url, headers: bearer(v.token) });
  expect(gone.statusCode).toBe(404);
  expect(json(gone).error.code).toBe('NOT_FOUND');
});

it('a refused upload (type, size) never reaches the bucket, and leaves no temporary file', async () => {
  const v = await startChat(t.app, {});
  const before = (await keys()).length;
  const html = await upload(v.token, v.conversation.id, 'x.png', Buffer.from('<html><script>alert(1)</script>'));
  expect(html.statusCode).toBe(415);
  const big = await upload(v.token, v.conversation.id, 'big.png', Buffer.concat([PNG, Buffer.alloc(5000)]));
  expect(big.statusCode).toBe(413);
  expect((await keys()).length).toBe(before);
  expect(readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
});
