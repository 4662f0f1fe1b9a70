import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();

/** 八台镇 → "btz": what a dispatcher types to find a unit fast. Letters and digits in the name stay as they are. */
export function unitInitials(name: string): string {
  let initials = cache.get(name);
  if (initials === undefined) {
    initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    cache.set(name, initials);
  }
  return initials;
}
