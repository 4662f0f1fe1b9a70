import Taro from '@tarojs/taro';
import { Button, Switch, Text, View } from '@tarojs/components';
import { api, getRole } from '../../api/client';
import Screen, { flagStore, useElder } from '../../components/Screen';
import { writeElder } from '../../utils/elder';
import { ROUTES } from '../../utils/nav';

export default function Settings() {
  const [elder, setElder] = useElder();
  const role = getRole();

  function toggle(on: boolean) {
    writeElder(flagStore, on);
    setElder(on);
  }

  return (
    <Screen>
      <Text className='title'>设置</Text>
      <View className='card'>
        <Text className='card__title'>大字模式</Text>
        <Text className='text'>字更大、颜色更清楚，适合老年人。</Text>
        <View className='row'>
          <Text className='row__label'>{elder ? '已打开' : '已关闭'}</Text>
          <Switch checked={elder} color='#000000' onChange={(e) => toggle(e.detail.value)} />
        </View>
        <Button className={`btn ${elder ? '' : 'btn--primary'}`} onClick={() => toggle(!elder)}>
          {elder ? '关闭大字模式' : '打开大字模式'}
        </Button>
      </View>

      <View className='card'>
        <Text className='card__title'>账号</Text>
        <Text className='text'>{role ? (role === 'resident' ? '已登录（群众）' : '已登录（工作人员）') : '没有登录'}</Text>
        {role ? (
          <Button
            className='btn'
            onClick={() => {
              api.logout();
              void Taro.reLaunch({ url: ROUTES.home });
            }}
          >
            退出登录
          </Button>
        ) : (
          <Button className='btn btn--primary' onClick={() => Taro.navigateTo({ url: ROUTES.login })}>
            去登录
          </Button>
        )}
      </View>
    </Screen>
  );
}
