import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from './Button';

/** Shown instead of a page's content when nobody is signed in. */
export default function NeedLogin({ text = '请先登录，再看自己的诉求。' }: { text?: string }) {
  return (
    <View className='card'>
      <Text className='card__title'>还没有登录</Text>
      <Text className='text'>{text}</Text>
      <Button className='btn btn--primary' onClick={() => Taro.navigateTo({ url: '/pages/login/index' })}>
        去登录
      </Button>
    </View>
  );
}
