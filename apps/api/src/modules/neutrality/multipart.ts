import type { Readable } from 'node:stream';
import type { ErrorCode } from '@sinergi/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.ts';

export interface MultipartHandlers {
  /** The file fields this route takes. */
  fileFields: readonly string[];
  maxFiles: number;
  /** Whether a file field may come more than once (several evidence files). */
  repeatable?: boolean;
  /** Called once with the text fields, before the first file is read (or at the end if none). */
  begin: (fields: Record<string, string>) => Promise<void>;
  file: (field: string, stream: Readable, declaredMime: string, filename: string | null) => Promise<void>;
  /** The error for a text field sent after a file (the fields decide whether files are read). */
  fieldsFirst: ErrorCode;
}

/** Just the name a client gave a file, never a path; kept for display and downloads. */
export function cleanFilename(name: string | undefined): string | null {
  if (!name) return null;
  const base = [...(name.split(/[\\/]/).pop() ?? '')]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '"')
    .join('')
    .trim();
  return base ? base.slice(0, 200) : null;
}

/**
 * Streams a multipart/form-data request: text fields first, then each file straight into its
 * handler (the file store), so nothing is buffered and nothing is stored before the fields pass.
 */
export async function readMultipart(request: FastifyRequest, handlers: MultipartHandlers): Promise<void> {
  if (!request.isMultipart()) throw new AppError('validation.unsupported_media_type');
  const fields: Record<string, string> = {};
  const seenFiles = new Set<string>();
  let begun = false;
  for await (const part of request.parts({
    limits: { files: handlers.maxFiles, fields: 20, fieldSize: 10_000 },
  })) {
    if (part.type === 'field') {
      if (begun) throw new AppError(handlers.fieldsFirst);
      if (typeof part.value !== 'string')
        throw new AppError('validation.invalid', [
          { in: 'body', path: part.fieldname, message: 'must be text' },
        ]);
      if (part.value !== '') fields[part.fieldname] = part.value;
      continue;
    }
    if (
      !handlers.fileFields.includes(part.fieldname) ||
      (seenFiles.has(part.fieldname) && handlers.repeatable !== true)
    ) {
      part.file.resume();
      throw new AppError('validation.invalid', [
        {
          in: 'body',
          path: part.fieldname,
          message: `unexpected file field; expected ${handlers.fileFields.join(', ')}`,
        },
      ]);
    }
    seenFiles.add(part.fieldname);
    if (!begun) {
      begun = true;
      try {
        await handlers.begin(fields);
      } catch (error) {
        part.file.resume();
        throw error;
      }
    }
    await handlers.file(part.fieldname, part.file, part.mimetype, cleanFilename(part.filename));
  }
  if (!begun) await handlers.begin(fields);
}
