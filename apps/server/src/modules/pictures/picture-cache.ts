import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Picture } from './picture-renderer';

/**
 * The pictures drawn lately, keyed by a hash of exactly what they draw: asking again for a picture
 * of the same data sends the same PNG without drawing it again; any change in the data is another
 * key. Least recently used first out, and nothing older than its life (memory, not staleness: the
 * key already says what is drawn). In this process only.
 */
export class PictureCache {
  private readonly entries: LRUCache<string, Picture>;

  constructor(capacity: number, lifeMs: number, clock: () => number = Date.now) {
    this.entries = new LRUCache<string, Picture>({ max: capacity, ttl: lifeMs, ttlResolution: 0, perf: { now: clock } });
  }

  /** The key of what a picture draws: any JSON-able description of it, whole. */
  static keyOf(drawn: unknown): string {
    return createHash('sha256').update(JSON.stringify(drawn)).digest('hex');
  }

  /** The picture for this key, drawn now by `draw` unless one drawn within its life is kept. */
  async get(key: string, draw: () => Promise<Picture>): Promise<Picture & { cached: boolean }> {
    const kept = this.entries.get(key);
    if (kept) return { ...kept, cached: true };
    const picture = await draw();
    this.entries.set(key, picture);
    return { ...picture, cached: false };
  }

  get size(): number {
    this.entries.purgeStale();
    return this.entries.size;
  }
}
