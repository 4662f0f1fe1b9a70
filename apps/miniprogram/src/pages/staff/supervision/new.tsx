import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import UnitPicker from '../../../components/UnitPicker';
import { staffApi, supervisionApi } from '../../../api/client';
import type { Unit } from '../../../api/staff';
import { flagEvidence, flagKindLabel, itemTitleFromFlag } from '../../../staff/anomalies';
import {
  FIELD_NOTE_MAX,
  ITEM_LIMITS,
  checkFieldNote,
  checkNewItem,
  chinaDateText,
  chinaToday,
  dateAfter,
  itemOrigin,
  itemTitleFromCase,
  itemTitleFromWarning,
  newItemBody,
  prefillUnit,
  unitChoicesOf,
  warningUnit,
} from '../../../staff/supervision';
import '../staff.scss';
import './supervision.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/** What the item is opened from, as loaded: the line shown on top, the unit it proposes, and the cases that go with it. */
interface Basis {
  line: string;
  title: string;
  unitId: string | null;
  /** A flag's unit is the flag's: shown, not chosen. */
  unitFixed: boolean;
  caseIds: string[];
}

/**
 * 立项督办 by an inspector: from a confirmed anomaly flag, a case, an area warning, or a field visit
 * (四不两直, with what was found on the ground and no case). The unit (proposed from the source), a
 * title, the rectification required and the deadline.
 */
export default function SupervisionNew() {
  const { params } = useRouter();
  const origin = itemOrigin(params);
  const [basis, setBasis] = useState<Basis | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [requirement, setRequirement] = useState('');
  const [fieldNote, setFieldNote] = useState('');
  const [dueDate, setDueDate] = useState(dateAfter(15));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function loadBasis(all: Unit[]): Promise<Basis | string> {
    if (!origin) return '不知道从哪里立项，请从诉求、预警、异常线索或督办清单进入';
    switch (origin.source) {
      case 'flag': {
        const f = await supervisionApi.flag(origin.flagId);
        if (!f.ok) return f.message;
        const caseIds = flagEvidence(f.data).cases.flatMap((c) => (c.id ? [c.id] : []));
        return { line: `来自异常线索：${flagKindLabel(f.data.kind)}`, title: itemTitleFromFlag(f.data), unitId: f.data.unitId, unitFixed: Boolean(f.data.unitId), caseIds };
      }
      case 'case': {
        const c = await staffApi.getCase(origin.caseId);
        if (!c.ok) return c.message;
        return { line: `来自诉求：${c.data.number}`, title: itemTitleFromCase(c.data), unitId: prefillUnit(all, c.data.unitId), unitFixed: false, caseIds: [] };
      }
      case 'warning': {
        const w = await staffApi.warning(origin.warningId);
        if (!w.ok) return w.message;
        return { line: `来自三色预警：${w.data.levelLabel}`, title: itemTitleFromWarning(w.data), unitId: warningUnit(w.data), unitFixed: false, caseIds: [] };
      }
      case 'field_visit':
        return { line: '四不两直现场督查：写下现场看到的问题，交办给单位整改', title: '', unitId: null, unitFixed: false, caseIds: [] };
    }
  }

  useDidShow(() => {
    if (basis) return;
    void (async () => {
      const u = await staffApi.units();
      const all = u.ok ? u.data : [];
      setUnits(all);
      const b = await loadBasis(all);
      if (typeof b === 'string') {
        setError(b);
        return;
      }
      if (!u.ok && !b.unitFixed) setError(u.message);
      setBasis(b);
      setUnitId(b.unitId);
      setTitle(b.title);
    })();
  });

  async function create() {
    if (!basis || !origin) return;
    const problem = (origin.source === 'field_visit' ? checkFieldNote(fieldNote) : null) ?? checkNewItem({ unitId, title, requirement, dueDate });
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    const res = await supervisionApi.createItem(newItemBody(origin, { unitId: unitId!, title, requirement, dueDate, fieldNote }, basis.caseIds));
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
      <Heading className='staff__title'>{origin?.source === 'field_visit' ? '现场督查' : '立项督办'}</Heading>
      {basis && <Text className='staff__muted'>{basis.line}</Text>}
      <Banner text={error} />
      {!basis && !error && <Text className='staff__muted'>正在加载…</Text>}

      {basis && (
        <View className='panel'>
          {origin?.source === 'field_visit' && (
            <View className='field'>
              <Text className='field__label'>现场情况</Text>
              <Textarea
                className='field__area'
                value={fieldNote}
                maxlength={FIELD_NOTE_MAX}
                placeholder='何时何地，看到了什么问题，问了谁'
                onInput={(e) => setFieldNote(e.detail.value)}
              />
            </View>
          )}
          {basis.unitFixed ? (
            <View className='field'>
              <Text className='field__label'>交办单位</Text>
              <Text>{unitName ?? '—'}</Text>
            </View>
          ) : (
            <UnitPicker label='交办单位' units={unitChoicesOf(units)} value={unitId} onPick={setUnitId} searchHint='搜单位名称，如 八台' />
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
