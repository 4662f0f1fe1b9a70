import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { staffApi, staffToken } from '../../../staff/staff-api';
import { slaBadge } from '../../../staff/sla';
import { shortText, sortByDeadline } from '../../../staff/sort';
import type { StaffCase } from '../../../staff/types';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';

/** Handler's queue: the unit's cases (the server scopes them), earliest deadline first. */
export default function StaffQueue() {
  const [cases, setCases] = useState<StaffCase[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [showFinished, setShowFinished] = useState(false);

  async function load() {
    if (!staffToken()) {
      setError('请先登录');
      return;
    }
    setLoading(true);
    setError('');
    const res = await staffApi.listCases();
    setLoading(false);
    if (res.ok) setCases(sortByDeadline(res.data.items ?? []));
    else setError(res.message);
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const open = (cases ?? []).filter((c) => c.open);
  const shown = showFinished ? (cases ?? []) : open;

  return (
    <View className='staff'>
      <Text className='staff__title'>我的案件</Text>
      <Text className='staff__muted'>
        {cases ? `在办 ${open.length} 件，共 ${cases.length} 件` : loading ? '正在加载…' : ''}
      </Text>
      <View className='actions'>
        <Button className='btn btn--plain' size='mini' disabled={loading} onClick={() => void load()}>
          {loading ? '刷新中…' : '刷新'}
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={() => setShowFinished(!showFinished)}>
          {showFinished ? '只看在办' : '显示已办结'}
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/file/index' })}>
          代群众反映
        </Button>
      </View>

      {error && (
        <View className='banner' role='alert'>
          <Text>{error}</Text>
        </View>
      )}

      {cases && shown.length === 0 && <Text className='staff__empty'>暂无案件</Text>}

      {shown.map((c) => {
        const sla = slaBadge(c.slaColour);
        return (
          <View
            key={c.id}
            className='row'
            hoverClass='none'
            onClick={() => Taro.navigateTo({ url: `/pages/staff/case/index?id=${encodeURIComponent(c.id)}` })}
          >
            <View className='row__head'>
              <Text className='row__number'>{c.number}</Text>
              <Text className='status'>{c.statusLabel}</Text>
            </View>
            <Text className='row__text'>{shortText(c.text)}</Text>
            <View className='row__meta'>
              {sla && <Text className={sla.className}>{sla.label}</Text>}
              <Text className='row__meta-item'>期限 {formatChinaDateTime(c.closeBy) ?? '暂无'}</Text>
            </View>
          </View>
        );
      })}
    </View>
  );
}
