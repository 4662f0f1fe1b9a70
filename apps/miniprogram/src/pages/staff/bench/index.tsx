import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { benchApi, getSession, staffApi } from '../../../api/client';
import type { BenchTotals, Meeting } from '../../../api/staff';
import { benchTotalsLine } from '../../../staff/meeting-totals';
import type { Option } from '../../../staff/forms';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';
import { OptionPicker } from '../OptionPicker';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/** 板凳会: the meetings of the cadre's village (or the town's villages), and planning a new one. */
export default function BenchPage() {
  // Opened from 下一场坐哪里 with the village and topic to prefill.
  const { village: suggestedVillage = '', topic: suggestedTopic = '' } = useRouter().params;
  const [meetings, setMeetings] = useState<Meeting[] | null>(null);
  const [totals, setTotals] = useState<BenchTotals | null>(null);
  const [kinds, setKinds] = useState<Option[]>([]);
  const [villages, setVillages] = useState<Option[]>([]);
  const [kind, setKind] = useState<string | null>(null);
  const [village, setVillage] = useState<string | null>(null);
  const [place, setPlace] = useState('');
  const [when, setWhen] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function load() {
    const [list, kindList, units, sums] = await Promise.all([benchApi.meetings(), benchApi.kinds(), staffApi.units(), benchApi.totals()]);
    if (!list.ok) return setError(list.message);
    if (sums.ok) setTotals(sums.data);
    setError('');
    setMeetings(list.data);
    if (kindList.ok) setKinds(kindList.data.map((k) => ({ code: k.code, label: k.name })));
    if (units.ok) {
      const mine = getSession()?.unitId;
      const all = units.data as Array<{ id: string; name: string; level: string; parentId?: string | null }>;
      const own = all.filter((u) => u.level === 'village' && (u.id === mine || u.parentId === mine));
      setVillages(own.map((u) => ({ code: u.id, label: u.name })));
      if (own.length === 1) setVillage(own[0].id);
      else if (own.some((u) => u.id === suggestedVillage)) setVillage(suggestedVillage);
    }
  }

  useDidShow(() => {
    void load();
  });

  async function plan() {
    if (busy) return;
    if (!kind) return setError('请选择板凳会类型');
    if (!village) return setError('请选择村');
    if (!place.trim()) return setError('请填写地点');
    // 「12-08 19:00」 or a full date; today's year, Beijing time.
    const m = /^(?:(\d{4})-)?(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})$/.exec(when.trim());
    if (!m) return setError('时间请写成 12-08 19:00');
    const year = m[1] ?? String(new Date().getFullYear());
    const plannedAt = `${year}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}T${m[4].padStart(2, '0')}:${m[5]}:00+08:00`;
    setBusy(true);
    const topic = decodeURIComponent(suggestedTopic);
    const res = await benchApi.plan({ kind, villageUnitId: village, place: place.trim(), plannedAt, ...(topic ? { topics: [topic] } : {}) });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setPlace('');
    setWhen('');
    void Taro.navigateTo({ url: `/pages/staff/meeting/index?id=${encodeURIComponent(res.data.id)}` });
  }

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>板凳会</Heading>
      <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: '/pages/staff/sit-next/index' })}>
        下一场坐哪里
      </Button>
      <Banner text={error} />
      {totals && totals.total.meetingsHeld > 0 && (
        // What the city (or the town) has done on the bench, and how far its demands have come.
        <View className='panel' aria-label='板凳会合计'>
          <Text className='staff__sub'>已开的板凳会合计</Text>
          <Text className='row__text'>{benchTotalsLine(totals.total)}</Text>
          {totals.rows.length > 1 &&
            totals.rows.map((r) => (
              <Text key={r.key} className='staff__muted'>
                {r.label}：{benchTotalsLine(r)}
              </Text>
            ))}
        </View>
      )}
      {meetings && meetings.length === 0 && <Text className='staff__empty'>还没有板凳会</Text>}
      {meetings?.map((m) => (
        <View key={m.id} className='row' onClick={() => void Taro.navigateTo({ url: `/pages/staff/meeting/index?id=${encodeURIComponent(m.id)}` })}>
          <View className='row__head'>
            <Text className='row__number'>{m.kindName}</Text>
            <Text className='status'>{m.statusLabel}</Text>
          </View>
          <Text className='row__text'>
            {m.villageName} · {m.place}
          </Text>
          <View className='row__meta'>
            <Text className='row__meta-item'>{formatChinaDateTime(m.heldAt ?? m.plannedAt)}</Text>
            <Text className='row__meta-item'>诉求 {m.demandCount} 件</Text>
          </View>
        </View>
      ))}

      {villages.length > 0 && (
        <View className='panel'>
          <Heading level={2} className='staff__title'>安排一场板凳会</Heading>
          {suggestedTopic && <Text className='staff__muted'>{`议题：${decodeURIComponent(suggestedTopic)}`}</Text>}
          <OptionPicker label='类型' options={kinds} value={kind} onPick={setKind} />
          {villages.length > 1 && <OptionPicker label='村' options={villages} value={village} onPick={setVillage} />}
          <View className='field'>
            <Text className='field__label'>地点</Text>
            <Input className='field__input' value={place} maxlength={100} placeholder='例如：村委会院坝' onInput={(e) => setPlace(e.detail.value)} />
          </View>
          <View className='field'>
            <Text className='field__label'>时间</Text>
            <Input className='field__input' value={when} maxlength={20} placeholder='例如：12-08 19:00' onInput={(e) => setWhen(e.detail.value)} />
          </View>
          <Button className='btn' disabled={busy} loading={busy} onClick={() => void plan()}>
            {busy ? '正在保存…' : '安排'}
          </Button>
        </View>
      )}
    </View>
  );
}
