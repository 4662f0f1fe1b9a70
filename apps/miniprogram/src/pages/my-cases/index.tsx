import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../components/Button';
import { api, getToken, messageOf, type ResidentCase } from '../../api/client';
import Screen from '../../components/Screen';
import Notice from '../../components/Notice';
import NeedLogin from '../../components/NeedLogin';
import { queue } from '../../services/offline-taro';
import { formatChinaDateTime } from '../../utils/format';
import { ROUTES, shortText } from '../../utils/nav';
import Heading from '../../components/Heading';

export default function MyCases() {
  const [cases, setCases] = useState<ResidentCase[] | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [signedIn, setSignedIn] = useState(Boolean(getToken()));
  const [waiting, setWaiting] = useState(0);

  async function load() {
    const has = Boolean(getToken());
    setSignedIn(has);
    setWaiting(queue.pending().length);
    if (!has) return;
    setLoading(true);
    setError('');
    try {
      setCases(await api.myCases());
    } catch (err) {
      setError(messageOf(err));
      setSignedIn(Boolean(getToken()));
    } finally {
      setLoading(false);
    }
  }

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  return (
    <Screen>
      <Heading className='title'>我的诉求</Heading>
      {!signedIn && <NeedLogin />}
      {signedIn && (
        <View>
          {waiting > 0 && <Notice kind='info' text={`有 ${waiting} 条还没发出去，有网后会自动发送。`} />}
          {error && <Notice kind='error' text={error} />}
          {loading && !cases && <Text className='muted'>正在加载…</Text>}
          {cases && cases.length === 0 && <Text className='text'>您还没有反映过问题。</Text>}
          {cases?.map((c) => (
            <View className='list-item' key={c.id} onClick={() => Taro.navigateTo({ url: ROUTES.caseDetail(c.id) })}>
              <View className='list-item__head'>
                <Text className='row__value nowrap'>{c.number}</Text>
                <Text className='status'>{c.statusLabel}</Text>
              </View>
              <Text className='text'>{shortText(c.text)}</Text>
              <Text className='muted'>
                办结时限：<Text className='nowrap'>{formatChinaDateTime(c.closeBy) ?? '暂无'}</Text>
              </Text>
            </View>
          ))}
          <Button className='btn btn--primary' onClick={() => Taro.navigateTo({ url: ROUTES.file })}>
            我要反映
          </Button>
          <Button className='btn' disabled={loading} onClick={() => void load()}>
            刷新
          </Button>
        </View>
      )}
    </Screen>
  );
}
