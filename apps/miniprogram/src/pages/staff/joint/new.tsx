import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Picker, Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import UnitPicker from '../../../components/UnitPicker';
import { jointApi, staffApi } from '../../../api/client';
import type { StaffCase, UnitChoice } from '../../../api/staff';
import { JOINT_LIMITS, checkConvene, defaultTitle, heldAtIso, isOpenCase } from '../../../staff/joint-meetings';
import { chinaDateText, chinaToday, dateAfter } from '../../../staff/supervision';
import { choiceLabel } from '../../../staff/unit-choice';
import { normalizeCaseNumber } from '../../../utils/case-number';
import TaskDrafts, { taskInputs, type TaskDraft } from './TaskDrafts';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

type Picked = { id: string; number: string };

/**
 * 召开联席会议 (the office): the cases (the one it came from, more found by number among open
 * cases), at least two units, the time and place, and the decisions if already taken (each for
 * an invited unit, with its last day). The units invited are told by template message.
 */
export default function JointMeetingNew() {
  const { params } = useRouter();
  const fromCase = params.caseId ?? '';
  const [cases, setCases] = useState<Picked[]>([]);
  const [openCases, setOpenCases] = useState<StaffCase[]>([]);
  const [query, setQuery] = useState('');
  const [choices, setChoices] = useState<UnitChoice[]>([]);
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [lastPicked, setLastPicked] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const [date, setDate] = useState(dateAfter(1));
  const [time, setTime] = useState('09:30');
  const [drafts, setDrafts] = useState<TaskDraft[]>([]);
  const [started, setStarted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  /** The units to invite, in the server's order for this case (suggested, recent, same town, the rest). */
  async function loadChoices(caseId: string) {
    const res = await staffApi.unitChoices(caseId);
    if (res.ok) setChoices(res.data.units);
  }

  useDidShow(() => {
    if (started) return;
    setStarted(true);
    void (async () => {
      const [list, c] = await Promise.all([staffApi.listCases(undefined, { open: true, limit: 200 }), fromCase ? staffApi.getCase(fromCase) : Promise.resolve(null)]);
      if (list.ok) setOpenCases(list.data.items);
      if (c && !c.ok) setError(c.message);
      if (c?.ok) {
        setCases([{ id: c.data.id, number: c.data.number }]);
        setTitle(defaultTitle([c.data.number]));
        // The case's own unit and its co-units are invited to start with.
        setUnitIds([...new Set([...(c.data.unitId ? [c.data.unitId] : []), ...c.data.coUnitIds])]);
        await loadChoices(c.data.id);
      }
    })();
  });

  function addCase(c: Picked) {
    if (cases.some((x) => x.id === c.id)) return;
    const next = [...cases, c];
    setCases(next);
    setQuery('');
    // The title follows the cases until the office writes its own.
    if (!title || title === defaultTitle(cases.map((x) => x.number))) setTitle(defaultTitle(next.map((x) => x.number)));
    if (!cases.length) void loadChoices(c.id);
  }

  function pickUnit(id: string) {
    setLastPicked(id);
    if (!unitIds.includes(id)) setUnitIds([...unitIds, id]);
  }

  async function convene() {
    const tasks = taskInputs(drafts, cases.map((c) => c.id));
    const problem = checkConvene({ title, place, date, time, caseIds: cases.map((c) => c.id), unitIds, tasks });
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError('');
    const res = await jointApi.convene({ title: title.trim(), place: place.trim(), heldAt: heldAtIso(date, time), caseIds: cases.map((c) => c.id), unitIds, tasks });
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    void Taro.redirectTo({ url: `/pages/staff/joint/detail?id=${encodeURIComponent(res.data.id)}` });
  }

  const wanted = normalizeCaseNumber(query);
  const matches = wanted
    ? openCases.filter((c) => isOpenCase(c.status) && c.number.includes(wanted) && !cases.some((x) => x.id === c.id)).slice(0, 5)
    : [];
  const unitName = (id: string) => {
    const u = choices.find((x) => x.id === id);
    return u ? choiceLabel(u) : '本案承办单位';
  };
  const invited = unitIds.map((id) => ({ id, name: unitName(id) }));

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>召开联席会议</Heading>
      <Banner text={error} />

      <Text className='staff__sub'>涉及诉求（{cases.length}）</Text>
      {cases.map((c) => (
        <View key={c.id} className='row__head'>
          <Text className='row__number'>{c.number}</Text>
          {c.id !== fromCase && (
            <Button className='btn btn--plain' size='mini' disabled={busy} onClick={() => setCases(cases.filter((x) => x.id !== c.id))}>
              移出
            </Button>
          )}
        </View>
      ))}
      <View className='field'>
        <Text className='field__label'>按受理编号加入在办诉求</Text>
        <Input className='field__input' aria-label='受理编号' value={query} placeholder='例如 MS20261207-0001' onInput={(e) => setQuery(e.detail.value)} />
      </View>
      {wanted && matches.length === 0 && <Text className='staff__muted'>没有找到这个编号的在办诉求</Text>}
      {matches.map((c) => (
        <Button key={c.id} className='btn btn--plain' disabled={busy} onClick={() => addCase({ id: c.id, number: c.number })}>
          {`加入 ${c.number}`}
        </Button>
      ))}

      <Text className='staff__sub'>参会单位（{unitIds.length}，至少两个）</Text>
      {invited.map((u) => (
        <View key={u.id} className='row__head'>
          <Text>{u.name}</Text>
          <Button className='btn btn--plain' size='mini' disabled={busy} onClick={() => setUnitIds(unitIds.filter((x) => x !== u.id))}>
            不请了
          </Button>
        </View>
      ))}
      {cases.length ? <UnitPicker label='请单位参会' units={choices} value={lastPicked} onPick={pickUnit} /> : <Text className='staff__muted'>先加入诉求，再选参会单位</Text>}

      <View className='panel'>
        <View className='field'>
          <Text className='field__label'>会议名称</Text>
          <Input className='field__input' aria-label='会议名称' value={title} maxlength={JOINT_LIMITS.title} placeholder='例如：关于某村河道淤塞的联席会议' onInput={(e) => setTitle(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='field__label'>开会日期</Text>
          <Picker mode='date' value={date} start={chinaToday()} onChange={(e) => setDate(String(e.detail.value))}>
            <View className='field__picker'>{chinaDateText(date)}</View>
          </Picker>
        </View>
        <View className='field'>
          <Text className='field__label'>开会时间</Text>
          <Picker mode='time' value={time} onChange={(e) => setTime(String(e.detail.value))}>
            <View className='field__picker'>{time}</View>
          </Picker>
        </View>
        <View className='field'>
          <Text className='field__label'>地点</Text>
          <Input className='field__input' aria-label='地点' value={place} maxlength={JOINT_LIMITS.place} placeholder='例如：市民服务中心三楼会议室' onInput={(e) => setPlace(e.detail.value)} />
        </View>
      </View>

      <Text className='staff__sub'>会议决定（已定下的可以先填，也可以会后在会议页记录）</Text>
      <TaskDrafts units={invited} cases={cases} drafts={drafts} onChange={setDrafts} from={date} disabled={busy} />

      <Button className='btn' disabled={busy} loading={busy} onClick={() => void convene()}>
        {busy ? '正在通知…' : '召开并通知参会单位'}
      </Button>
    </View>
  );
}
