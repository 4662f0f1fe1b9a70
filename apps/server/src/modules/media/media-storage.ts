import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { dirname, join, resolve, sep } from 'node:path';

/** Where residents' media is kept. Local disk now; an S3-compatible store can implement the same. */
export interface MediaStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** Takes a file already on local disk (an upload streamed there); the file is gone afterwards. */
  putFile(key: string, path: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** The bytes as a stream, for sending without holding them in memory. */
  open(key: string): Readable;
}

export const MEDIA_STORAGE = Symbol('MEDIA_STORAGE');

export class LocalDiskStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename: a crash never leaves a half-written file under the real name.
    const partial = `${path}.partial`;
    await writeFile(partial, data);
    await rename(partial, path);
  }

  async putFile(key: string, source: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    try {
      await rename(source, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // Another file system: copy under a temporary name, then rename, as put() does.
      const partial = `${path}.partial`;
      await copyFile(source, partial);
      await rename(partial, path);
      await rm(source, { force: true });
    }
  }

  open(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`media key escapes the store: ${key}`);
    return join(path);
  }
}
