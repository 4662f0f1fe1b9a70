import { useState, type PropsWithChildren } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { readElder, screenClass } from '../utils/elder';
import BackBar from './BackBar';

const store = { get: (k: string) => Taro.getStorageSync(k), set: (k: string, v: unknown) => Taro.setStorageSync(k, v) };

export function useElder(): [boolean, (on: boolean) => void] {
  const [elder, setElder] = useState(() => readElder(store));
  useDidShow(() => setElder(readElder(store)));
  return [elder, setElder];
}

/**
 * Every resident page's root: applies elderly mode (class screen--elder) from storage on each
 * show, and on h5 a way back. A page that switches the mode itself (settings) passes `elder`, so
 * the change shows at once.
 */
export default function Screen({ children, className, elder: shown }: PropsWithChildren<{ className?: string; elder?: boolean }>) {
  const [stored] = useElder();
  return (
    <View className={screenClass(shown ?? stored, className)} role='main'>
      <BackBar />
      {children}
    </View>
  );
}

export { store as flagStore };
