import { BadRequestException } from '@nestjs/common';
import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../common/errors/app-error';

/** A file part written to disk as it arrived; whoever keeps it moves it, the rest is deleted. */
export interface ReceivedFile {
  path: string;
  size: number;
}

export interface UploadOptions {
  /** Where partial files are written (same file system as the media store, so keeping one is a rename). */
  dir: string;
  fileField: string;
  /** No request body larger than this is read at all. */
  maxBytes: number;
  /**
   * Called when the file part starts, before any of its bytes are read, with the fields sent
   * before it: refuses (by throwing) or says how many bytes this file may have.
   */
  admit(fields: Record<string, string>): Promise<{ maxBytes: number; tooLarge: string }>;
}

/** The multipart envelope around the file: boundaries, headers and a few short fields. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Reads a multipart request with one file, streaming the file to disk: memory holds a chunk at
 * a time whatever the size. The declared length is checked before reading, the file's limit
 * before its first byte and again while it is read; a refused upload leaves nothing behind.
 */
export async function receiveUpload(req: IncomingMessage, opts: UploadOptions): Promise<{ fields: Record<string, string>; file: ReceivedFile | null }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes + ENVELOPE_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `an upload may be at most ${opts.maxBytes / 1024 / 1024} MB`);
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { files: 1, fields: 4, parts: 5, fieldSize: 1024, fileSize: opts.maxBytes } });
  } catch (err) {
    throw new BadRequestException(`expected a multipart/form-data upload: ${(err as Error).message}`);
  }
  await mkdir(opts.dir, { recursive: true });

  const fields: Record<string, string> = {};
  let file: ReceivedFile | null = null;
  const writes: Array<Promise<void>> = [];

  const done = new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      // Discard the rest (its length was bounded above) and answer once it is in: many clients
      // cannot read an answer that comes while they are still sending, and see a broken pipe.
      req.resume();
      if (req.complete) return reject(err);
      req.once('end', () => reject(err));
      req.once('close', () => reject(err));
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(new BadRequestException(`field ${name} is too long`));
      fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      if (name !== opts.fileField || file) {
        stream.resume();
        return fail(new BadRequestException(`unexpected file field ${name}`));
      }
      const path = join(opts.dir, `${randomUUID()}.part`);
      const received: ReceivedFile = { path, size: 0 };
      file = received;
      stream.pause();
      const write = (async () => {
        const limit = await opts.admit({ ...fields });
        const count = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            received.size += chunk.length;
            if (received.size > limit.maxBytes) cb(new AppError('PAYLOAD_TOO_LARGE', limit.tooLarge));
            else cb(null, chunk);
          },
        });
        stream.once('limit', () => count.destroy(new AppError('PAYLOAD_TOO_LARGE', limit.tooLarge)));
        await pipeline(stream, count, createWriteStream(path, { flags: 'wx' }));
      })();
      write.catch((err: unknown) => {
        stream.resume();
        fail(err);
      });
      writes.push(write);
    });
    parser.on('filesLimit', () => fail(new BadRequestException('one file per upload')));
    parser.on('fieldsLimit', () => fail(new BadRequestException('too many fields')));
    parser.on('partsLimit', () => fail(new BadRequestException('too many parts')));
    parser.on('error', (err) => fail(new BadRequestException(`malformed multipart body: ${(err as Error).message}`)));
    parser.on('close', () => {
      Promise.all(writes).then(() => resolve(), reject);
    });
    req.on('aborted', () => fail(new BadRequestException('the upload was interrupted')));
    req.pipe(parser);
  });

  try {
    await done;
  } catch (err) {
    const partial = file as ReceivedFile | null;
    // Let a write being torn down close its file first (bounded: an aborted stream may never settle).
    await Promise.race([Promise.allSettled(writes), new Promise((r) => setTimeout(r, 1_000))]);
    if (partial) await rm(partial.path, { force: true });
    throw err;
  }
  // The parser may finish before the last bytes (the closing boundary's tail) are read; answering
  // then would cost the keep-alive connection the client is about to reuse.
  if (!req.complete) {
    await new Promise<void>((resolve) => {
      req.once('end', resolve);
      req.once('close', resolve);
      req.resume();
    });
  }
  return { fields, file };
}
