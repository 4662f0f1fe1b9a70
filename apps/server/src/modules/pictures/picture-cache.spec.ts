import { PictureCache } from './picture-cache';
import type { Picture } from './picture-renderer';

const picture = (tag: string): Picture => ({ png: Buffer.from(tag), width: 1, height: 1, ms: 5 });

describe(PictureCache.name, () => {
  let now = 0;
  const clock = () => now;
  let draws: string[];
  const draw = (tag: string) => () => {
    draws.push(tag);
    return Promise.resolve(picture(tag));
  };

  beforeEach(() => {
    now = 1_000;
    draws = [];
  });

  it('draws a picture once and sends the same PNG while its data are the same', async () => {
    const cache = new PictureCache(4, 60_000, clock);
    const key = PictureCache.keyOf({ view: 'grid', counts: [1, 2, 3] });
    const first = await cache.get(key, draw('a'));
    const again = await cache.get(PictureCache.keyOf({ view: 'grid', counts: [1, 2, 3] }), draw('b'));
    expect([first.cached, again.cached]).toEqual([false, true]);
    expect(again.png.toString()).toBe('a');
    expect(draws).toEqual(['a']);
  });

  it('draws again when anything it draws differs', async () => {
    const cache = new PictureCache(4, 60_000, clock);
    await cache.get(PictureCache.keyOf({ view: 'grid', counts: [1, 2, 3] }), draw('a'));
    const other = await cache.get(PictureCache.keyOf({ view: 'grid', counts: [1, 2, 4] }), draw('b'));
    const map = await cache.get(PictureCache.keyOf({ view: 'map', counts: [1, 2, 3] }), draw('c'));
    expect([other.cached, map.cached]).toEqual([false, false]);
    expect(draws).toEqual(['a', 'b', 'c']);
  });

  it('draws again once a picture has outlived its life', async () => {
    const cache = new PictureCache(4, 60_000, clock);
    await cache.get('k', draw('a'));
    now += 60_000;
    expect((await cache.get('k', draw('b'))).cached).toBe(true); // its whole life, and not a moment more
    now += 1;
    const late = await cache.get('k', draw('c'));
    expect(late.cached).toBe(false);
    expect(late.png.toString()).toBe('c');
  });

  it('keeps at most its capacity, letting the least recently used go first', async () => {
    const cache = new PictureCache(2, 60_000, clock);
    await cache.get('a', draw('a'));
    await cache.get('b', draw('b'));
    await cache.get('a', draw('a2')); // a is now the most recently used
    await cache.get('c', draw('c')); // b goes
    expect(cache.size).toBe(2);
    expect((await cache.get('a', draw('a3'))).cached).toBe(true);
    expect((await cache.get('b', draw('b2'))).cached).toBe(false);
    expect(draws).toEqual(['a', 'b', 'c', 'b2']);
  });

  it('keeps nothing when drawing fails', async () => {
    const cache = new PictureCache(2, 60_000, clock);
    await expect(cache.get('k', () => Promise.reject(new Error('no font')))).rejects.toThrow('no font');
    expect(cache.size).toBe(0);
  });
});
