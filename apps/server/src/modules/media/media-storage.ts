import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** Where residents' media is kept. Local disk now; an S3-compatible store can implement the same. */
export interface MediaStorage {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
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

  get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`media key escapes the store: ${key}`);
    return join(path);
  }
}
