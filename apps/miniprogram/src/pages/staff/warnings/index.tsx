import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getToken, staffApi } from '../../../api/client';
import type { WarningSummary } from '../../../api/staff';
import { warningBadge, warningPlace } from '../../../staff/warnings';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/** 三色预警 for leaders: the warnings not yet closed first (the server scopes a unit leader to their unit), then the closed ones on request. */
export default function StaffWarnings() {
  const [items, setItems] = useState<WarningSummary[] | null>(null);
  const [showClosed, setShowClosed] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');

  async function load(closedToo = showClosed) {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    setLoading(true);
    const res = await staffApi.warnings(closedToo ? {} : { open: true });
    setLoading(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setItems(res.data.items);
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  function toggleClosed() {
    const next = !showClosed;
    setShowClosed(next);
    void load(next);
  }

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>三色预警</Heading>
      <Text className='staff__muted'>某类诉求在一个乡镇突然增多，或几个乡镇同时增多时发出。请签收后跟进。</Text>
      <View className='actions'>
        <Button className='btn btn--plain' size='mini' disabled={loading} onClick={() => void load()}>
          {loading ? '刷新中…' : '刷新'}
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={toggleClosed}>
          {showClosed ? '只看未办结' : '显示已办结'}
        </Button>
      </View>

      <Banner text={error} />

      {items && items.length === 0 && <Text className='staff__empty'>{showClosed ? '暂无预警' : '没有未办结的预警'}</Text>}

      {(items ?? []).map((w) => {
        const badge = warningBadge(w.level);
        return (
          <View key={w.id} className='row' hoverClass='none' onClick={() => Taro.navigateTo({ url: `/pages/staff/warnings/detail?id=${encodeURIComponent(w.id)}` })}>
            <View className='row__head'>
              {badge && <Text className={badge.className}>{badge.label}</Text>}
              <Text className='status'>{w.statusLabel}</Text>
            </View>
            <Text className='row__number'>
              {warningPlace(w)} · {w.categoryName}
            </Text>
            <Text className='row__text'>{w.summary}</Text>
            <View className='row__meta'>
              <Text className='row__meta-item'>发出 {formatChinaDateTime(w.raisedAt) ?? ''}</Text>
              {w.status === 'open' && <Text className='row__meta-item'>请在 {formatChinaDateTime(w.ackBy) ?? ''} 前签收</Text>}
            </View>
          </View>
        );
      })}
    </View>
  );
}
