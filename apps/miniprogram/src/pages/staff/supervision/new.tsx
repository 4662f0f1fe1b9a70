import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { OptionPicker } from '../OptionPicker';
import { staffApi, supervisionApi } from '../../../api/client';
import type { Unit } from '../../../api/staff';
import { flagEvidence, flagKindLabel, itemTitleFromFlag, type AnomalyFlag } from '../../../staff/anomalies';
import { ITEM_LIMITS, checkNewItem, chinaDateText, chinaToday, dateAfter } from '../../../staff/supervision';
import '../staff.scss';
import './supervision.scss';

/** Units an item may go to: towns and departments (villages answer through their town). */
const assignable = (units: Unit[]) => units.filter((u) => u.level === 'town' || u.level === 'department');

/**
 * 立项督办 from a confirmed anomaly flag: the unit (the flag's), a title, the rectification required
 * and the deadline; the flag's cases go with the item.
 */
export default function SupervisionNew() {
  const { params } = useRouter();
  const flagId = params.flagId ?? '';
  const [flag, setFlag] = useState<AnomalyFlag | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [requirement, setRequirement] = useState('');
  const [dueDate, setDueDate] = useState(dateAfter(15));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useDidShow(() => {
    if (flag) return;
    void (async () => {
      const [f, u] = await Promise.all([supervisionApi.flag(flagId), staffApi.units()]);
      if (u.ok) setUnits(assignable(u.data));
      if (!f.ok) {
        setError(f.message);
        return;
      }
      setFlag(f.data);
      setUnitId(f.data.unitId);
      setTitle(itemTitleFromFlag(f.data));
    })();
  });

  async function create() {
    if (!flag) return;
    const draft = { unitId, title, requirement, dueDate };
    const problem = checkNewItem(draft);
    if (problem) {
      setError(problem);
      return;
    }
    const caseIds = flagEvidence(flag).cases.flatMap((c) => (c.id ? [c.id] : []));
    setBusy(true);
    const res = await supervisionApi.createItem({
      source: 'flag',
      flagId: flag.id,
      unitId: unitId!,
      title: title.trim(),
      requirement: requirement.trim(),
      dueDate,
      ...(caseIds.length ? { caseIds } : {}),
    });
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    void Taro.redirectTo({ url: `/pages/staff/supervision/detail?id=${encodeURIComponent(res.data.id)}` });
  }

  const unitName = units.find((u) => u.id === unitId)?.name;
  return (
    <View className='staff' role='main'>
      <BackBar />
      <Text className='staff__title'>立项督办</Text>
      {flag && <Text className='staff__muted'>来自异常线索：{flagKindLabel(flag.kind)}</Text>}
      {error && (
        <View className='banner' role='alert'>
          <Text>{error}</Text>
        </View>
      )}
      {!flag && !error && <Text className='staff__muted'>正在加载…</Text>}

      {flag && (
        <View className='panel'>
          {flag.unitId ? (
            <View className='field'>
              <Text className='field__label'>交办单位</Text>
              <Text>{unitName ?? '—'}</Text>
            </View>
          ) : (
            <OptionPicker label='交办单位' options={units.map((u) => ({ code: u.id, label: u.name }))} value={unitId} onPick={setUnitId} />
          )}
          <View className='field'>
            <Text className='field__label'>标题</Text>
            <Input className='field__input' aria-label='标题' value={title} maxlength={ITEM_LIMITS.title} placeholder='一句话写明督办什么' onInput={(e) => setTitle(e.detail.value)} />
          </View>
          <View className='field'>
            <Text className='field__label'>整改要求</Text>
            <Textarea
              className='field__area'
              value={requirement}
              maxlength={ITEM_LIMITS.requirement}
              placeholder='要单位做什么、做到什么程度'
              onInput={(e) => setRequirement(e.detail.value)}
            />
          </View>
          <View className='field'>
            <Text className='field__label'>整改期限</Text>
            <Picker mode='date' value={dueDate} start={chinaToday()} onChange={(e) => setDueDate(String(e.detail.value))}>
              <View className='field__picker'>{chinaDateText(dueDate)}</View>
            </Picker>
          </View>
          <Button className='btn' disabled={busy} loading={busy} onClick={() => void create()}>
            {busy ? '正在交办…' : '交办'}
          </Button>
        </View>
      )}
    </View>
  );
}
