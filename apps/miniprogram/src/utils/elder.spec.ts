import { readElder, screenClass, writeElder } from './elder';

describe('elderly mode', () => {
  it('is off by default, remembered once switched', () => {
    const data = new Map<string, unknown>();
    const store = { get: (k: string) => data.get(k) ?? '', set: (k: string, v: unknown) => data.set(k, v) };
    expect(readElder(store)).toBe(false);
    writeElder(store, true);
    expect(readElder(store)).toBe(true);
    writeElder(store, false);
    expect(readElder(store)).toBe(false);
  });
  it('adds the class', () => {
    expect(screenClass(true, 'home')).toBe('screen screen--elder home');
    expect(screenClass(false)).toBe('screen');
  });
});
