import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { AppError } from '../http/errors.ts';
import { declaredMatches, PHOTO_TYPES, sniffType, type UploadType } from './sniff.ts';
import { stripPhotoLocation } from './strip-location.ts';

export {
  UPLOAD_TYPES,
  PHOTO_TYPES,
  DOCUMENT_TYPES,
  VIDEO_TYPES,
  sniffType,
  type UploadType,
} from './sniff.ts';

export interface StoredFile {
  sha256: string;
  size: number;
  mime: UploadType;
}

export interface PutOptions {
  /** Accepted types, checked against the file's first bytes. */
  allowed: readonly UploadType[];
  /** Default: the store's limit (SINERGI_UPLOAD_MAX_BYTES). */
  maxBytes?: number;
  /** The type the client declared; a file whose content is another type is refused. */
  declaredMime?: string;
}

export interface FileStore {
  put(stream: Readable, options: PutOptions): Promise<StoredFile>;
  /** Streams a stored file; 404 when no file with that hash exists. */
  open(sha256: string): fs.ReadStream;
  exists(sha256: string): boolean;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Uploaded files, content-addressed by SHA-256 under `<dataDir>/files/ab/cd/<hash>`: the same file
 * is stored once, and a stored file never changes. Uploads stream to a temporary file (counting
 * bytes, so an oversized one is cut off early), are typed by their magic bytes, and photos lose
 * their location before the hash is taken.
 */
export function createFileStore(options: { dir: string; maxBytes: number }): FileStore {
  const tmpDir = path.join(options.dir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const finalPath = (sha256: string) =>
    path.join(options.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

  return {
    async put(stream, putOptions) {
      const maxBytes = putOptions.maxBytes ?? options.maxBytes;
      const tmp = path.join(tmpDir, `${crypto.randomUUID()}.part`);
      let size = 0;
      const head: Buffer[] = [];
      let headLength = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > maxBytes) {
            callback(new AppError('upload.too_large', [{ maxBytes }]));
            return;
          }
          if (headLength < 64) {
            head.push(chunk.subarray(0, 64 - headLength));
            headLength += Math.min(chunk.length, 64 - headLength);
          }
          callback(null, chunk);
        },
      });
      try {
        await pipeline(stream, counter, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o640 }));
        // @fastify/multipart marks a file cut at its own limit as truncated instead of failing.
        if ((stream as Readable & { truncated?: boolean }).truncated)
          throw new AppError('upload.too_large', [{ maxBytes }]);
        if (size === 0) throw new AppError('upload.empty');
        const detected = sniffType(Buffer.concat(head));
        if (!detected || !putOptions.allowed.includes(detected)) {
          throw new AppError('upload.type_not_allowed', [{ allowed: putOptions.allowed }]);
        }
        if (!declaredMatches(putOptions.declaredMime, detected)) {
          throw new AppError('upload.type_mismatch', [{ declared: putOptions.declaredMime, detected }]);
        }
        if (PHOTO_TYPES.includes(detected)) {
          const stripped = stripPhotoLocation(await fs.promises.readFile(tmp), detected);
          await fs.promises.writeFile(tmp, stripped);
          size = stripped.length;
        }
        const hash = crypto.createHash('sha256');
        await pipeline(fs.createReadStream(tmp), hash);
        const sha256 = hash.digest('hex');
        const target = finalPath(sha256);
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        // fsync before the rename so an acknowledged upload survives a crash.
        const handle = await fs.promises.open(tmp, 'r+');
        await handle.sync();
        await handle.close();
        await fs.promises.rename(tmp, target);
        return { sha256, size, mime: detected };
      } catch (error) {
        stream.resume();
        await fs.promises.rm(tmp, { force: true });
        throw error;
      }
    },
    open(sha256) {
      if (!HASH.test(sha256) || !fs.existsSync(finalPath(sha256))) throw new AppError('resource.not_found');
      return fs.createReadStream(finalPath(sha256));
    },
    exists: (sha256) => HASH.test(sha256) && fs.existsSync(finalPath(sha256)),
  };
}
