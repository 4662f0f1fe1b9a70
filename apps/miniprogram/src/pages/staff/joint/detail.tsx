import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import StaffLoading from '../StaffLoading';
import { getStaffRole, jointApi } from '../../../api/client';
import type { JointMeeting } from '../../../api/joint-meetings';
import { answersTasks, caseNumbersText, checkConvene, convenes, orderTasks, taskDueText, taskStateLabel, tasksSummary } from '../../../staff/joint-meetings';
import { chinaToday } from '../../../staff/supervision';
import { formatChinaDateTime } from '../../../utils/format';
import { ROUTES } from '../../../utils/nav';
import TaskDrafts, { taskInputs, type TaskDraft } from './TaskDrafts';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/**
 * One joint meeting, for the units invited and the office: when and where, who came, the cases
 * (each opens its page) and the decisions as tasks with their state. The office records decisions
 * taken at the meeting; a unit answers its own tasks on 联席会议任务.
 */
export default function JointMeetingDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const role = getStaffRole();
  const [meeting, setMeeting] = useState<JointMeeting | null>(null);
  const [drafts, setDrafts] = useState<TaskDraft[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  async function load() {
    const res = await jointApi.meeting(id);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setMeeting(res.data);
  }

  useDidShow(() => {
    void load();
  });

  async function record(m: JointMeeting) {
    const day = chinaToday(new Date(m.heldAt));
    const tasks = taskInputs(drafts, m.cases.map((c) => c.id));
    const problem = tasks.length
      ? checkConvene({ title: m.title, place: m.place, date: day, time: '00:00', caseIds: m.cases.map((c) => c.id), unitIds: m.units.map((u) => u.id), tasks })
      : '请至少添加一项任务';
    if (problem) {
      setDone('');
      setError(problem);
      return;
    }
    setBusy(true);
    setError('');
    const res = await jointApi.recordTasks(m.id, tasks);
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setMeeting(res.data);
    setDrafts([]);
    setDone('会议决定已记录，已通知承办单位');
  }

  if (!meeting) return <StaffLoading error={error} />;
  const meetingDay = chinaToday(new Date(meeting.heldAt));

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>{meeting.title}</Heading>
      <Banner text={error} />
      {done && !error && (
        <View className='banner banner--ok' role='status'>
          <Text>{done}</Text>
        </View>
      )}
      <View className='panel'>
        <View className='kv'>
          <Text className='kv__k'>时间</Text>
          <Text className='kv__v'>{formatChinaDateTime(meeting.heldAt) ?? meeting.heldAt}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>地点</Text>
          <Text className='kv__v'>{meeting.place}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>参会单位</Text>
          <Text className='kv__v'>{meeting.units.map((u) => u.name).join('、')}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>召集人</Text>
          <Text className='kv__v'>{meeting.convenedBy.name}</Text>
        </View>
      </View>

      <Text className='staff__sub'>涉及诉求（{meeting.cases.length}）</Text>
      {meeting.cases.map((c) => (
        <View key={c.id} className='row' hoverClass='none' onClick={() => void Taro.navigateTo({ url: ROUTES.staffCase(c.id) })}>
          <View className='row__head'>
            <Text className='row__number link'>{c.number}</Text>
            <Text className='status'>{c.solved ? '已解决' : c.status === 'closed' ? '已办结' : '办理中'}</Text>
          </View>
        </View>
      ))}

      <Text className='staff__sub'>会议决定</Text>
      <Text className='staff__muted'>{tasksSummary(meeting.tasks)}</Text>
      {orderTasks(meeting.tasks).map((t) => (
        <View key={t.id} className={t.status !== 'done' && t.overdue ? 'panel row--emergency' : 'panel'}>
          <View className='row__head'>
            <Text className='row__number'>{t.unit.name}</Text>
            <Text className='status'>{taskStateLabel(t)}</Text>
          </View>
          <Text className='staff__muted'>涉及诉求：{caseNumbersText(t.caseNumber ? [t.caseNumber] : meeting.cases.map((c) => c.number))}</Text>
          <Text className='row__text'>{t.text}</Text>
          <Text className={t.status !== 'done' && t.overdue ? 'overdue-text' : 'due-text'}>{taskDueText(t)}</Text>
          {t.status === 'done' && t.doneNote && (
            <Text className='quote'>
              {t.doneByName ?? ''} {formatChinaDateTime(t.doneAt) ?? ''} 办结：{t.doneNote}
            </Text>
          )}
        </View>
      ))}

      {answersTasks(role) && (
        <Button className='btn' onClick={() => void Taro.navigateTo({ url: '/pages/staff/joint/tasks' })}>
          本单位的任务和办结报告
        </Button>
      )}

      {convenes(role) && (
        <View>
          <Text className='staff__sub'>记录会议决定</Text>
          <TaskDrafts units={meeting.units} cases={meeting.cases} drafts={drafts} onChange={setDrafts} from={meetingDay} disabled={busy} />
          {drafts.length > 0 && (
            <Button className='btn' disabled={busy} loading={busy} onClick={() => void record(meeting)}>
              {busy ? '正在保存…' : '保存会议决定'}
            </Button>
          )}
        </View>
      )}
    </View>
  );
}
