import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getToken, staffApi, supervisionApi } from '../../../api/client';
import { flagEvidence, flagKindLabel, flagStatusLabel, type AnomalyFlag, type FlagStatus } from '../../../staff/anomalies';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

const FILTERS: { status: FlagStatus | null; label: string }[] = [
  { status: 'open', label: '待核查' },
  { status: 'confirmed', label: '已确认' },
  { status: 'dismissed', label: '已排除' },
  { status: null, label: '全部' },
];

/** 异常线索 for inspectors (the office reads them too): the ones waiting for review first, newest first. */
export default function StaffFlags() {
  const [status, setStatus] = useState<FlagStatus | null>('open');
  const [flags, setFlags] = useState<AnomalyFlag[] | null>(null);
  const [unitNames, setUnitNames] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');

  async function load(next = status) {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    setLoading(true);
    const [res, units] = await Promise.all([supervisionApi.flags(next ?? undefined), staffApi.units()]);
    setLoading(false);
    if (units.ok) setUnitNames(Object.fromEntries(units.data.map((u) => [u.id, u.name])));
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setFlags(res.data);
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  function pick(next: FlagStatus | null) {
    setStatus(next);
    void load(next);
  }

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>异常线索</Heading>
      <Text className='staff__muted'>系统从办理记录里发现的可疑情况。线索不是结论，请核实后确认或排除；属实的可以立项督办。</Text>
      <View className='actions'>
        {FILTERS.map((f) => (
          <Button key={f.label} className={`btn ${status === f.status ? 'btn--active' : 'btn--plain'}`} size='mini' disabled={loading} onClick={() => pick(f.status)}>
            {f.label}
          </Button>
        ))}
      </View>

      <Banner text={error} />
      {loading && !flags && <Text className='staff__muted'>正在加载…</Text>}
      {flags && flags.length === 0 && <Text className='staff__empty'>{status === 'open' ? '没有待核查的线索' : '暂无线索'}</Text>}

      {(flags ?? []).map((f) => {
        const numbers = flagEvidence(f).cases.map((c) => c.number);
        return (
          <View key={f.id} className='row' hoverClass='none' onClick={() => void Taro.navigateTo({ url: `/pages/staff/flags/detail?id=${encodeURIComponent(f.id)}` })}>
            <View className='row__head'>
              <Text className='row__number'>{flagKindLabel(f.kind)}</Text>
              <Text className='status'>{flagStatusLabel(f.status)}</Text>
            </View>
            {f.unitId && <Text className='row__text'>单位：{unitNames[f.unitId] ?? '—'}</Text>}
            {numbers.length > 0 && <Text className='row__text'>诉求：{numbers.length > 2 ? `${numbers.slice(0, 2).join('、')} 等${numbers.length}件` : numbers.join('、')}</Text>}
            <Text className='staff__muted'>发现于 {formatChinaDateTime(f.createdAt) ?? ''}</Text>
          </View>
        );
      })}
    </View>
  );
}
