import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getStaffRole, staffApi, supervisionApi } from '../../../api/client';
import { flagEvidence, flagKindLabel, flagStatusLabel, type AnomalyFlag } from '../../../staff/anomalies';
import { formatChinaDateTime } from '../../../utils/format';
import { ROUTES } from '../../../utils/nav';
import '../staff.scss';
import StaffLoading from '../StaffLoading';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

const NOTE_MAX = 500;

/** One flag: its evidence in plain words and the cases behind it; the inspector confirms or dismisses it with a note, and opens a supervision item from a confirmed one. */
export default function StaffFlagDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [flag, setFlag] = useState<AnomalyFlag | null>(null);
  const [unitName, setUnitName] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'confirm' | 'dismiss' | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  async function load() {
    const res = await supervisionApi.flag(id);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setFlag(res.data);
    const unitId = res.data.unitId;
    if (unitId) {
      const units = await staffApi.units();
      if (units.ok) setUnitName(units.data.find((u) => u.id === unitId)?.name ?? null);
    }
  }

  useDidShow(() => {
    void load();
  });

  async function review(outcome: 'confirm' | 'dismiss') {
    const text = note.trim();
    if (!text) {
      setError(outcome === 'confirm' ? '请写一写核实到的情况' : '请写一写为什么排除');
      return;
    }
    setBusy(outcome);
    const res = await supervisionApi.reviewFlag(id, outcome, text);
    setBusy(null);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setNote('');
    setDone(outcome === 'confirm' ? '已确认属实，可以立项督办' : '已排除');
    setFlag(res.data);
  }

  if (!flag) return <StaffLoading error={error} />;

  const evidence = flagEvidence(flag);
  const inspector = getStaffRole() === 'inspector';

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>{flagKindLabel(flag.kind)}</Heading>
      <View className='row__head'>
        <Text className='status'>{flagStatusLabel(flag.status)}</Text>
      </View>
      {unitName && <Text>单位：{unitName}</Text>}
      <Text className='staff__muted'>发现于 {formatChinaDateTime(flag.createdAt) ?? ''}</Text>

      <Banner text={error} />
      {done && !error && (
        <View className='banner banner--ok' role='status'>
          <Text>{done}</Text>
        </View>
      )}

      <Text className='staff__sub'>发现了什么</Text>
      <View className='panel'>
        {evidence.lines.map((line) => (
          <Text key={line}>{line}</Text>
        ))}
      </View>
      {evidence.quotes.map((q) => (
        <View key={q.label} className='panel'>
          <Text className='field__label'>{q.label}</Text>
          <Text>“{q.text}”</Text>
        </View>
      ))}

      {evidence.cases.length > 0 && <Text className='staff__sub'>相关诉求（{evidence.cases.length}）</Text>}
      {evidence.cases.map((c) => (
        <View key={c.number} className='row' hoverClass='none' onClick={c.id ? () => void Taro.navigateTo({ url: ROUTES.staffCase(c.id!) }) : undefined}>
          <Text className={c.id ? 'row__number link' : 'row__number'}>{c.number}</Text>
          {c.note && <Text className='staff__muted'>{c.note}</Text>}
        </View>
      ))}

      {flag.status === 'open' && inspector && (
        <View className='panel'>
          <View className='field'>
            <Text className='field__label'>核实情况</Text>
            <Textarea className='field__area' value={note} maxlength={NOTE_MAX} placeholder='电话或上门核实到了什么' onInput={(e) => setNote(e.detail.value)} />
          </View>
          <View className='actions'>
            <Button className='btn' disabled={busy !== null} loading={busy === 'confirm'} onClick={() => void review('confirm')}>
              {busy === 'confirm' ? '正在提交…' : '确认属实'}
            </Button>
            <Button className='btn btn--plain' disabled={busy !== null} loading={busy === 'dismiss'} onClick={() => void review('dismiss')}>
              {busy === 'dismiss' ? '正在提交…' : '排除'}
            </Button>
          </View>
        </View>
      )}

      {flag.status !== 'open' && (
        <View className='panel'>
          <Text>核查结论：{flagStatusLabel(flag.status)}</Text>
          {flag.reviewNote && <Text className='staff__muted'>{flag.reviewNote}</Text>}
          {flag.reviewedAt && <Text className='staff__muted'>核查时间 {formatChinaDateTime(flag.reviewedAt)}</Text>}
        </View>
      )}

      {flag.status === 'confirmed' && inspector && (
        <Button className='btn' onClick={() => void Taro.navigateTo({ url: `/pages/staff/supervision/new?flagId=${encodeURIComponent(flag.id)}` })}>
          立项督办
        </Button>
      )}
    </View>
  );
}
