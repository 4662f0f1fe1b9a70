import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getToken, jointApi } from '../../../api/client';
import type { JointMeeting, JointTask } from '../../../api/joint-meetings';
import { JOINT_LIMITS, caseNumbersText, checkDoneNote, orderTasks, taskCaseNumbers, taskDueText, taskStateLabel } from '../../../staff/joint-meetings';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/**
 * 联席会议任务: the tasks meetings gave the caller's unit, open ones first (overdue at the top),
 * each with its meeting, cases, text and last day; 办结报告 with a note reports one done.
 * Handlers and unit leaders; a task's template message opens this page (an invitation opens the
 * meeting's page: jointMeetingNotice in the server's notifications/templates.ts).
 */
export default function JointTasks() {
  const [tasks, setTasks] = useState<JointTask[] | null>(null);
  const [meetings, setMeetings] = useState<JointMeeting[]>([]);
  // The task whose 办结报告 is open, and its note.
  const [answering, setAnswering] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  async function load() {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    const [t, m] = await Promise.all([jointApi.tasks(), jointApi.meetings()]);
    if (!t.ok) {
      setError(t.message);
      return;
    }
    setError('');
    setTasks(orderTasks(t.data));
    // The meetings only name the cases of a task about all of them; without them the task still shows.
    if (m.ok) setMeetings(m.data);
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  function open(id: string) {
    setAnswering(id);
    setNote('');
    setError('');
    setDone('');
  }

  async function report(task: JointTask) {
    const problem = checkDoneNote(note);
    if (problem) {
      setDone('');
      setError(problem);
      return;
    }
    setBusy(true);
    setError('');
    const res = await jointApi.complete(task.id, note.trim());
    setBusy(false);
    if (!res.ok) {
      // Someone else reported it first: show the task as it is now.
      if (res.conflict) {
        setAnswering(null);
        await load();
      }
      setError(res.message);
      return;
    }
    setAnswering(null);
    setNote('');
    setDone('办结报告已提交');
    setTasks(orderTasks((tasks ?? []).map((t) => (t.id === task.id ? res.data : t))));
  }

  const openCount = (tasks ?? []).filter((t) => t.status !== 'done').length;
  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>联席会议任务</Heading>
      {tasks && <Text className='staff__muted'>{openCount ? `还有 ${openCount} 项没办完` : '任务都已办结'}</Text>}
      <Banner text={error} />
      {done && !error && (
        <View className='banner banner--ok' role='status'>
          <Text>{done}</Text>
        </View>
      )}
      {!tasks && !error && <Text className='staff__muted'>正在加载…</Text>}
      {tasks && tasks.length === 0 && <Text className='staff__empty'>本单位还没有联席会议任务</Text>}

      {(tasks ?? []).map((t) => (
        <View key={t.id} className={t.status !== 'done' && t.overdue ? 'panel row--emergency' : 'panel'}>
          <View className='row__head'>
            <Text
              className='row__number link'
              onClick={() => void Taro.navigateTo({ url: `/pages/staff/joint/detail?id=${encodeURIComponent(t.meetingId)}` })}
            >
              {t.meetingTitle}
            </Text>
            <Text className='status'>{taskStateLabel(t)}</Text>
          </View>
          <Text className='staff__muted'>涉及诉求：{caseNumbersText(taskCaseNumbers(t, meetings))}</Text>
          <Text className='row__text'>{t.text}</Text>
          <Text className={t.status !== 'done' && t.overdue ? 'overdue-text' : 'due-text'}>{taskDueText(t)}</Text>
          {t.status === 'done' && (
            <Text className='quote'>
              {t.doneByName ?? ''} {formatChinaDateTime(t.doneAt) ?? ''} 办结：{t.doneNote ?? ''}
            </Text>
          )}
          {t.status !== 'done' && answering !== t.id && (
            <Button className='btn' disabled={busy} onClick={() => open(t.id)}>
              办结报告
            </Button>
          )}
          {answering === t.id && (
            <View>
              <View className='field'>
                <Text className='field__label'>办了什么、办得怎样</Text>
                <Textarea
                  className='field__area'
                  aria-label='办结情况'
                  value={note}
                  maxlength={JOINT_LIMITS.note}
                  placeholder='例如：已派人清理河道，群众已看过'
                  onInput={(e) => setNote(e.detail.value)}
                />
              </View>
              <View className='actions'>
                <Button className='btn' disabled={busy} loading={busy} onClick={() => void report(t)}>
                  {busy ? '正在提交…' : '提交办结报告'}
                </Button>
                <Button className='btn btn--plain' disabled={busy} onClick={() => setAnswering(null)}>
                  取消
                </Button>
              </View>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
