import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { staffApi } from '../../../api/client';
import type { Option } from '../../../staff/forms';
import { checkStaffFile } from '../../../staff/validate';
import '../staff.scss';
import { DemandFields, EMPTY_DEMAND } from '../DemandFields';
import { OptionPicker } from '../OptionPicker';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

const CHANNELS: Option[] = [
  { code: 'phone', label: '专线电话' },
  { code: 'walk_in', label: '网格站' },
  { code: 'bench_meeting', label: '板凳会' },
];

/** 代群众反映: staff file a demand they took by phone, at the grid station or at a bench meeting. */
export default function StaffFilePage() {
  const [channel, setChannel] = useState<string | null>(null);
  const [draft, setDraft] = useState(EMPTY_DEMAND);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  async function submit() {
    if (busy) return;
    setDone('');
    const c = checkStaffFile({ channel, residentName: draft.name, residentPhone: draft.phone, text: draft.text, solvedOnTheSpot: draft.solved, onTheSpotAnswer: draft.answer });
    if (!c.ok) {
      setError(c.message);
      return;
    }
    setError('');
    setBusy(true);
    const res = await staffApi.fileCase(c.value).catch(() => null);
    setBusy(false);
    if (!res || !res.ok) {
      setError(res ? res.message : '提交没有成功，请稍后再试');
      return;
    }
    setDone(`已受理，编号 ${res.data.number}`);
    setDraft(EMPTY_DEMAND);
    void Taro.showToast({ title: '已受理', icon: 'success' });
    void Taro.navigateTo({ url: `/pages/staff/case/index?id=${encodeURIComponent(res.data.id)}` });
  }

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>代群众反映</Heading>

      <Banner text={done} ok />
      <Banner text={error} />

      <View className='panel'>
        <OptionPicker label='来源' options={CHANNELS} value={channel} onPick={setChannel} />
        <DemandFields value={draft} onChange={setDraft} examples={{ name: '例如：张三', answer: '例如：已当场讲清政策' }} />
        <Button className='btn' disabled={busy} loading={busy} onClick={() => void submit()}>
          {busy ? '正在提交…' : '提交'}
        </Button>
      </View>
    </View>
  );
}
