/** 适老化 (elderly mode): larger type, stronger contrast. Remembered in storage; read by <Screen>. */
export const ELDER_KEY = 'msz.elder';

export interface FlagStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function readElder(store: FlagStore): boolean {
  return store.get(ELDER_KEY) === true;
}

export function writeElder(store: FlagStore, on: boolean): void {
  store.set(ELDER_KEY, on);
}

export function screenClass(elder: boolean, extra?: string): string {
  return ['screen', elder ? 'screen--elder' : '', extra ?? ''].filter(Boolean).join(' ');
}
