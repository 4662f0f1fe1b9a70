import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getSession, getToken, staffApi } from '../../../api/client';
import type { LeagueWeek } from '../../../api/staff';
import { isoWeekOf, beijingDay, lastWeek, shiftWeek, weekLabel } from '../../../staff/league';
import LeagueTables from '../LeagueTables';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/**
 * 红黑榜 of a week (by default the last whole week, the one the office publishes on Monday): towns
 * and departments ranked apart, red and black said in words and colour, each unit's score explained,
 * units with nothing due listed apart. A unit's staff see approved weeks, their own row marked.
 */
export default function LeaguePage() {
  const router = useRouter();
  const [week, setWeek] = useState<string>(router.params.week || lastWeek());
  const [list, setList] = useState<LeagueWeek | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const thisWeek = isoWeekOf(beijingDay(new Date()));

  async function load(w = week) {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    setLoading(true);
    const res = await staffApi.leagueWeek(w);
    setLoading(false);
    if (res.ok) {
      setList(res.data);
      setError('');
    } else {
      setList(null);
      setError(res.message);
    }
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const go = (step: number) => {
    const next = shiftWeek(week, step);
    setWeek(next);
    void load(next);
  };

  return (
    <View className='staff league' role='main'>
      <BackBar />
      <Heading className='staff__title'>{weekLabel(week)}红黑榜</Heading>
      <View className='actions'>
        <Button className='btn btn--plain' size='mini' disabled={loading} onClick={() => go(-1)}>
          上一周
        </Button>
        <Button className='btn btn--plain' size='mini' disabled={loading || week >= thisWeek} onClick={() => go(1)}>
          下一周
        </Button>
      </View>
      {list && (
        <Text className='staff__muted'>
          {list.from} 至 {list.to} · {list.status === 'approved' ? `已审定${list.approvedBy ? `（${list.approvedBy}）` : ''}` : '草稿，还没有审定'}
        </Text>
      )}
      <Banner text={error} />
      {!list && !error && <Text className='staff__empty'>正在加载…</Text>}
      {list && <LeagueTables week={list} highlight={getSession()?.unitId} />}
      <Text className='staff__muted'>得分满分100分，按响应速度、办理质量、群众满意度、重复投诉四个方面共12项标准计算；件数少的单位向平均数靠拢。</Text>
    </View>
  );
}
