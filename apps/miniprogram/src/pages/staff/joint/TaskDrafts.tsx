import { Picker, Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import { OptionPicker } from '../OptionPicker';
import type { JointTaskInput } from '../../../api/joint-meetings';
import { JOINT_LIMITS, dayAfter } from '../../../staff/joint-meetings';
import { chinaDateText } from '../../../staff/supervision';

export interface TaskDraft extends JointTaskInput {
  /** A key for the list while it is edited. */
  key: number;
}

const ALL = 'all';

/**
 * Each decision: which invited unit, which case (or all of them, when there are several), what it
 * must do, and its last day (not before the meeting's day; a week after it to start with).
 */
export default function TaskDrafts(props: {
  units: { id: string; name: string }[];
  cases: { id: string; number: string }[];
  drafts: TaskDraft[];
  onChange: (drafts: TaskDraft[]) => void;
  /** The meeting's day: the earliest last day. */
  from: string;
  disabled?: boolean;
}) {
  const { units, cases, drafts, onChange, from, disabled } = props;
  const set = (key: number, patch: Partial<TaskDraft>) => onChange(drafts.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const add = () => onChange([...drafts, { key: Math.max(0, ...drafts.map((d) => d.key)) + 1, unitId: '', text: '', dueDate: dayAfter(from, 7) }]);
  return (
    <View>
      {drafts.map((d, i) => (
        <View key={d.key} className='panel'>
          <Text className='field__label'>第 {i + 1} 项任务</Text>
          <OptionPicker label='承办单位' options={units.map((u) => ({ code: u.id, label: u.name }))} value={d.unitId || null} onPick={(unitId) => set(d.key, { unitId })} />
          {cases.length > 1 && (
            <OptionPicker
              label='涉及诉求'
              options={[{ code: ALL, label: '全部诉求' }, ...cases.map((c) => ({ code: c.id, label: c.number }))]}
              value={d.caseId ?? ALL}
              onPick={(code) => set(d.key, { caseId: code === ALL ? undefined : code })}
            />
          )}
          <View className='field'>
            <Text className='field__label'>要做什么</Text>
            <Textarea
              className='field__area'
              aria-label={`第 ${i + 1} 项任务要做什么`}
              value={d.text}
              maxlength={JOINT_LIMITS.text}
              placeholder='会上定下来由这个单位做的事'
              onInput={(e) => set(d.key, { text: e.detail.value })}
            />
          </View>
          <View className='field'>
            <Text className='field__label'>最后期限</Text>
            <Picker mode='date' value={d.dueDate} start={from} onChange={(e) => set(d.key, { dueDate: String(e.detail.value) })}>
              <View className='field__picker'>{chinaDateText(d.dueDate)}</View>
            </Picker>
          </View>
          <Button className='btn btn--plain' size='mini' disabled={disabled} onClick={() => onChange(drafts.filter((x) => x.key !== d.key))}>
            删去这项任务
          </Button>
        </View>
      ))}
      <Button className='btn btn--plain' disabled={disabled || drafts.length >= JOINT_LIMITS.tasks} onClick={add}>
        添加一项任务
      </Button>
    </View>
  );
}

/** The drafts as the server takes them; a task without a case (or whose case was taken off) is about all of them. */
export const taskInputs = (drafts: readonly TaskDraft[], caseIds: readonly string[]): JointTaskInput[] =>
  drafts.map((d) => ({ unitId: d.unitId, ...(d.caseId && caseIds.includes(d.caseId) ? { caseId: d.caseId } : {}), text: d.text.trim(), dueDate: d.dueDate }));
