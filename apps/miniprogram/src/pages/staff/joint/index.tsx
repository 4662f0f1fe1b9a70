import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getStaffRole, getToken, jointApi } from '../../../api/client';
import type { JointMeeting, JointTotals } from '../../../api/joint-meetings';
import { answersTasks, convenes, tasksSummary, totalsLine } from '../../../staff/joint-meetings';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/**
 * 联席会议: the meetings newest first with their totals (meetings held, cases they solved); the
 * office convenes new ones here. A unit's staff see the meetings their unit was invited to.
 */
export default function JointMeetings() {
  const role = getStaffRole();
  const unit = answersTasks(role);
  const [meetings, setMeetings] = useState<JointMeeting[] | null>(null);
  const [totals, setTotals] = useState<JointTotals | null>(null);
  const [error, setError] = useState('');

  async function load() {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    const [m, t] = await Promise.all([jointApi.meetings(), unit ? Promise.resolve(null) : jointApi.totals()]);
    if (!m.ok) {
      setError(m.message);
      return;
    }
    setError(t && !t.ok ? t.message : '');
    setMeetings(m.data);
    if (t?.ok) setTotals(t.data);
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>联席会议</Heading>
      {totals && <Text className='staff__sub'>{totalsLine(totals)}</Text>}
      <View className='actions'>
        {convenes(role) && (
          <Button className='btn' onClick={() => void Taro.navigateTo({ url: '/pages/staff/joint/new' })}>
            召开联席会议
          </Button>
        )}
        {unit && (
          <Button className='btn' onClick={() => void Taro.navigateTo({ url: '/pages/staff/joint/tasks' })}>
            本单位的任务
          </Button>
        )}
      </View>
      <Banner text={error} />
      {!meetings && !error && <Text className='staff__muted'>正在加载…</Text>}
      {meetings && meetings.length === 0 && <Text className='staff__empty'>还没有联席会议</Text>}
      {(meetings ?? []).map((m) => (
        <View key={m.id} className='row' hoverClass='none' onClick={() => void Taro.navigateTo({ url: `/pages/staff/joint/detail?id=${encodeURIComponent(m.id)}` })}>
          <Text className='row__number link'>{m.title}</Text>
          <Text className='staff__muted'>
            {formatChinaDateTime(m.heldAt) ?? ''} · {m.place}
          </Text>
          <Text className='row__text'>参会单位：{m.units.map((u) => u.name).join('、')}</Text>
          <Text className='staff__muted'>
            诉求 {m.cases.length} 件，已解决 {m.cases.filter((c) => c.solved).length} 件；{tasksSummary(m.tasks)}
          </Text>
        </View>
      ))}
    </View>
  );
}
