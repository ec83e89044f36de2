// Where uploaded files live once checked: the local disk under DATA_DIR (the default, one node or a shared volume)
// or an S3-compatible bucket (S3_BUCKET: any number of nodes, no shared disk). Uploads are always counted, hashed and
// sniffed into a local temporary file first, so a file reaches the store only when it is known to be allowed.
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../../config.js';

export interface FileStore {
  /** Where temporary files are written before put() (on this node's disk). */
  readonly tempDir: string;
  /** Takes a finished temporary file into the store under `key` (the temporary file is gone afterwards). */
  put(key: string, file: string, meta: { size: number; mimeType: string }): Promise<void>;
  /** The stored bytes, or undefined when the store has no such file. */
  get(key: string): Promise<Readable | undefined>;
  delete(key: string): Promise<void>;
}

export class DiskFileStore implements FileStore {
  readonly tempDir: string;
  constructor(private readonly dir: string) {
    this.tempDir = dir;
  }

  async put(key: string, file: string) {
    await rename(file, path.join(this.dir, key));
  }

  async get(key: string) {
    const file = path.join(this.dir, key);
    try {
      await stat(file);
    } catch {
      return undefined;
    }
    return createReadStream(file);
  }

  async delete(key: string) {
    await rm(path.join(this.dir, key), { force: true });
  }
}

export class S3FileStore implements FileStore {
  private constructor(
    readonly tempDir: string,
    private readonly s3: import('@aws-sdk/client-s3').S3Client,
    private readonly sdk: typeof import('@aws-sdk/client-s3'),
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  static async create(tempDir: string, s3: NonNullable<Config['uploads']['s3']>): Promise<S3FileStore> {
    // Loaded only when configured: the SDK is large, and the embedded default never needs it.
    const sdk = await import('@aws-sdk/client-s3');
    const client = new sdk.S3Client({
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: s3.forcePathStyle,
      // Checksums only where S3 requires them: the SDK's default sends bodies as aws-chunked with a CRC trailer,
      // which many S3-compatible servers store as it is (trailer included) instead of decoding.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials:
        s3.accessKeyId && s3.secretAccessKey
          ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
          : undefined,
    });
    return new S3FileStore(tempDir, client, sdk, s3.bucket, s3.prefix);
  }

  async put(key: string, file: string, meta: { size: number; mimeType: string }) {
    try {
      await this.s3.send(
        new this.sdk.PutObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + key,
          Body: createReadStream(file),
          ContentLength: meta.size,
          ContentType: meta.mimeType,
        }),
      );
    } finally {
      await rm(file, { force: true });
    }
  }

  async get(key: string) {
    try {
      const out = await this.s3.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      return out.Body as Readable | undefined;
    } catch (err) {
      if (err instanceof this.sdk.NoSuchKey || (err as { name?: string }).name === 'NotFound') return undefined;
      throw err;
    }
  }

  async delete(key: string) {
    await this.s3.send(new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
  }

  close() {
    this.s3.destroy();
  }
}

export async function openFileStore(config: Pick<Config, 'dataDir' | 'uploads'>): Promise<FileStore> {
  const dir = path.join(config.dataDir, 'uploads');
  await mkdir(dir, { recursive: true });
  return config.uploads.s3 ? S3FileStore.create(dir, config.uploads.s3) : new DiskFileStore(dir);
}
