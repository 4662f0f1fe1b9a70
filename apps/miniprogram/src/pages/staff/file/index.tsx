import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { staffApi } from '../../../api/client';
import type { Option } from '../../../staff/forms';
import { checkStaffFile, LIMITS } from '../../../staff/validate';
import '../staff.scss';
import { OptionPicker } from '../OptionPicker';

const CHANNELS: Option[] = [
  { code: 'phone', label: '专线电话' },
  { code: 'walk_in', label: '网格站' },
  { code: 'bench_meeting', label: '板凳会' },
];

/** 代群众反映: staff file a demand they took by phone, at the grid station or at a bench meeting. */
export default function StaffFilePage() {
  const [channel, setChannel] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [text, setText] = useState('');
  const [solved, setSolved] = useState(false);
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  async function submit() {
    if (busy) return;
    setDone('');
    const c = checkStaffFile({ channel, residentName: name, residentPhone: phone, text, solvedOnTheSpot: solved, onTheSpotAnswer: answer });
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
    setName('');
    setPhone('');
    setText('');
    setSolved(false);
    setAnswer('');
    void Taro.showToast({ title: '已受理', icon: 'success' });
    void Taro.navigateTo({ url: `/pages/staff/case/index?id=${encodeURIComponent(res.data.id)}` });
  }

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Text className='staff__title'>代群众反映</Text>

      {done && (
        <View className='banner banner--ok'>
          <Text>{done}</Text>
        </View>
      )}
      {error && (
        <View className='banner' role='alert'>
          <Text>{error}</Text>
        </View>
      )}

      <View className='panel'>
        <OptionPicker label='来源' options={CHANNELS} value={channel} onPick={setChannel} />
        <View className='field'>
          <Text className='field__label'>群众姓名</Text>
          <Input className='field__input' value={name} maxlength={LIMITS.residentName} placeholder='例如：张三' onInput={(e) => setName(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='field__label'>电话</Text>
          <Input className='field__input' type='text' value={phone} maxlength={20} placeholder='手机或座机（带区号）' onInput={(e) => setPhone(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='field__label'>反映的事</Text>
          <Textarea className='field__area' value={text} maxlength={LIMITS.text} placeholder='什么事，在哪里' onInput={(e) => setText(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='field__label'>当场解决了</Text>
          <Switch checked={solved} ariaLabel='当场解决了' nativeProps={{ 'aria-label': '当场解决了' }} onChange={(e) => setSolved(Boolean(e.detail.value))} />
        </View>
        {solved && (
          <View className='field'>
            <Text className='field__label'>怎么解决的</Text>
            <Textarea className='field__area' value={answer} maxlength={LIMITS.answer} placeholder='例如：已当场讲清政策' onInput={(e) => setAnswer(e.detail.value)} />
          </View>
        )}
        <Button className='btn' disabled={busy} loading={busy} onClick={() => void submit()}>
          {busy ? '正在提交…' : '提交'}
        </Button>
      </View>
    </View>
  );
}
