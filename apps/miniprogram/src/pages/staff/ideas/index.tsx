import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { benchApi } from '../../../api/client';
import type { Idea } from '../../../api/staff';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/** 金点子: the unit's golden ideas, earliest evaluation deadline first; overdue ones marked. */
export default function IdeasPage() {
  const [ideas, setIdeas] = useState<Idea[] | null>(null);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [error, setError] = useState('');

  async function load(overdue = overdueOnly) {
    const res = await benchApi.ideas(overdue);
    if (!res.ok) return setError(res.message);
    setError('');
    setIdeas(res.data);
  }

  useDidShow(() => {
    void load();
  });

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>金点子</Heading>
      <View className='actions'>
        <Button
          className='btn btn--plain'
          size='mini'
          onClick={() => {
            setOverdueOnly(!overdueOnly);
            void load(!overdueOnly);
          }}
        >
          {overdueOnly ? '显示全部' : '只看超期未评估'}
        </Button>
      </View>
      <Banner text={error} />
      {ideas && ideas.length === 0 && <Text className='staff__empty'>暂无金点子</Text>}
      {ideas?.map((i) => (
        <View key={i.id} className='row' onClick={() => void Taro.navigateTo({ url: `/pages/staff/idea/index?id=${encodeURIComponent(i.id)}` })}>
          <View className='row__head'>
            <Text className='row__number'>{i.title}</Text>
            <Text className='status'>{i.statusLabel}</Text>
          </View>
          <Text className='row__text'>{i.text}</Text>
          <View className='row__meta'>
            {i.overdue && <Text className='sla sla--red'>评估超期</Text>}
            {i.status === 'evaluating' && <Text className='row__meta-item'>评估期限 {formatChinaDateTime(i.evaluateBy)}</Text>}
          </View>
        </View>
      ))}
    </View>
  );
}
