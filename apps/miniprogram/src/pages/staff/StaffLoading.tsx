import { Text, View } from '@tarojs/components';
import BackBar from '../../components/BackBar';
import Banner from './Banner';

/** A staff page before its record has come: the way back, and why it has not come (or that it is coming). */
export default function StaffLoading({ error }: { error: string }) {
  return (
    <View className='staff' role='main'>
      <BackBar />
      {error ? <Banner text={error} /> : <Text className='staff__muted'>正在加载…</Text>}
    </View>
  );
}
