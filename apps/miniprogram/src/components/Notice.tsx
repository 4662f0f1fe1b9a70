import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

/** A plain message box: 'error' in red, 'ok' in green, 'info' in blue; `children` for richer text. */
export default function Notice({ kind = 'info', text, children }: { kind?: 'error' | 'ok' | 'info'; text?: string; children?: ReactNode }) {
  return (
    <View className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children ?? <Text className='notice__text'>{text}</Text>}
    </View>
  );
}
