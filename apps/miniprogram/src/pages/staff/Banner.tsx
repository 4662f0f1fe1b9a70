import { Text, View } from '@tarojs/components';

/**
 * A staff page's message line: what went wrong (an alert, read out at once) or, with `ok`, what was
 * just done. Nothing when the text is empty, so a page writes `<Banner text={error} />` unconditionally.
 */
export default function Banner({ text, ok = false }: { text: string | null | undefined; ok?: boolean }) {
  if (!text) return null;
  return ok ? (
    <View className='banner banner--ok'>
      <Text>{text}</Text>
    </View>
  ) : (
    <View className='banner' role='alert'>
      <Text>{text}</Text>
    </View>
  );
}
