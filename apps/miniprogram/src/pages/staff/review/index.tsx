import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getSession, messageOf, pointsApi } from '../../../api/client';
import { beijingToday, type Criterion, type Household } from '../../../api/points';
import { uuidV4 } from '../../../utils/uuid';
import '../staff.scss';
import { HouseholdSearch } from '../HouseholdSearch';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/** 村级评议 (门前五包): for each household, tick what it did well; the points follow from the village's criteria. */
export default function ReviewPage() {
  const villageId = getSession()?.unitId ?? '';
  const [criteria, setCriteria] = useState<Criterion[]>([]);
  const [households, setHouseholds] = useState<Household[]>([]);
  // The households a search found (null: all of them); every household is still reviewed.
  const [shown, setShown] = useState<Set<string> | null>(null);
  const [met, setMet] = useState<Record<string, string[]>>({});
  const [title, setTitle] = useState('门前五包评议');
  const [key, setKey] = useState(() => `review-${uuidV4()}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  useEffect(() => {
    if (!villageId) return;
    Promise.all([pointsApi.criteria(villageId), pointsApi.households(villageId, '')])
      .then(([c, h]) => {
        setCriteria(c);
        setHouseholds(h);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  }, [villageId]);

  const toggle = (householdId: string, code: string) => {
    const now = met[householdId] ?? [];
    setMet({ ...met, [householdId]: now.includes(code) ? now.filter((c) => c !== code) : [...now, code] });
  };
  const pointsOf = (householdId: string) => criteria.filter((c) => (met[householdId] ?? []).includes(c.code)).reduce((s, c) => s + c.points, 0);

  async function submit() {
    if (busy) return;
    const results = households.map((h) => ({ householdId: h.id, met: met[h.id] ?? [] }));
    const total = results.reduce((s, r) => s + pointsOf(r.householdId), 0);
    const { confirm } = await Taro.showModal({ title: '确认提交评议', content: `${households.length} 户，共加 ${total} 分` });
    if (!confirm) return;
    setBusy(true);
    setError('');
    try {
      const res = await pointsApi.review(villageId, { key, title: title.trim() || '村级评议', heldOn: beijingToday(), results });
      setDone(`已记分：${res.awards.length} 户加了分`);
      setMet({});
      setKey(`review-${uuidV4()}`);
      void Taro.showToast({ title: '已记分', icon: 'success' });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>村级评议</Heading>
      <Banner text={done} ok />
      <Banner text={error} />
      <View className='panel'>
        <View className='field'>
          <Text className='field__label'>评议名称</Text>
          <Input className='field__input' value={title} maxlength={60} onInput={(e) => setTitle(e.detail.value)} />
        </View>
        <View className='criteria'>
          {criteria.map((c) => (
            <Text key={c.code} className='criteria__item'>
              {c.name} {c.points} 分
            </Text>
          ))}
        </View>
      </View>
      {households.length > 0 && <HouseholdSearch villageId={villageId} onFound={(found) => setShown(new Set(found.map((h) => h.id)))} onError={setError} />}
      {shown?.size === 0 && <Text className='field__label'>没找到这户。</Text>}
      {households.filter((h) => !shown || shown.has(h.id)).map((h) => (
        <View className='panel' key={h.id}>
          <Text className='field__label'>
            {h.name}（本次 +{pointsOf(h.id)} 分）
          </Text>
          {criteria.map((c) => (
            <Button key={c.code} className={(met[h.id] ?? []).includes(c.code) ? 'btn' : 'btn btn--plain'} onClick={() => toggle(h.id, c.code)}>
              {(met[h.id] ?? []).includes(c.code) ? '✓ ' : ''}
              {c.name}
            </Button>
          ))}
        </View>
      ))}
      {households.length === 0 && <Text className='field__label'>村里还没有登记农户。</Text>}
      <View className='panel'>
        <Button className='btn' disabled={busy || households.length === 0} loading={busy} onClick={() => void submit()}>
          {busy ? '正在提交…' : '提交评议'}
        </Button>
      </View>
    </View>
  );
}
