import { createHash } from 'node:crypto';
import type { Picture } from './picture-renderer';

/**
 * The pictures drawn lately, keyed by a hash of exactly what they draw: asking again for a picture
 * of the same data sends the same PNG without drawing it again; any change in the data is another
 * key. Least recently used first out, and nothing older than its life (memory, not staleness: the
 * key already says what is drawn). In this process only.
 */
export class PictureCache {
  private readonly entries = new Map<string, { picture: Picture; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly lifeMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The key of what a picture draws: any JSON-able description of it, whole. */
  static keyOf(drawn: unknown): string {
    return createHash('sha256').update(JSON.stringify(drawn)).digest('hex');
  }

  /** The picture for this key, drawn now by `draw` unless one drawn within its life is kept. */
  async get(key: string, draw: () => Promise<Picture>): Promise<Picture & { cached: boolean }> {
    const now = this.clock();
    const kept = this.entries.get(key);
    this.entries.delete(key);
    if (kept && now - kept.at < this.lifeMs) {
      this.entries.set(key, kept); // now the most recently used
      return { ...kept.picture, cached: true };
    }
    const picture = await draw();
    this.entries.set(key, { picture, at: now });
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.capacity && now - e.at < this.lifeMs) break;
      this.entries.delete(k);
    }
    return { ...picture, cached: false };
  }

  get size(): number {
    return this.entries.size;
  }
}
