import { Text, View } from '@tarojs/components';

/** A plain message box: 'error' in red, 'ok' in green, 'info' in blue. */
export default function Notice({ kind = 'info', text }: { kind?: 'error' | 'ok' | 'info'; text: string }) {
  return (
    <View className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      <Text className='notice__text'>{text}</Text>
    </View>
  );
}
