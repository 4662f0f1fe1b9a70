import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getSession, getStaffRole, getToken, supervisionApi } from '../../../api/client';
import type { Exposure } from '../../../api/supervision';
import { ITEM_LIMITS, canFollowUp, checkFollowUp, commitmentText } from '../../../staff/supervision';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';
import './supervision.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/** One exposure: the unit, the outlet, the unit head's public commitment, and what has been done since. */
function ExposureCard({ exposure, onSaved }: { exposure: Exposure; onSaved: (e: Exposure) => void }) {
  const mayFollowUp = canFollowUp(exposure, getStaffRole(), getSession()?.unitId);
  const [writing, setWriting] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function save() {
    const problem = checkFollowUp(text);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    const res = await supervisionApi.addFollowUp(exposure.id, text.trim());
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setText('');
    setWriting(false);
    onSaved(res.data);
  }

  return (
    <View className='panel'>
      <View className='row__head'>
        <Text className='row__number'>{exposure.unit.name}</Text>
        <Text className='status'>{exposure.outlet}</Text>
      </View>
      <Text>{commitmentText(exposure)}</Text>
      <Text className='staff__muted'>{`督办 ${exposure.itemNumber}${exposure.caseNumber ? ` · 诉求 ${exposure.caseNumber}` : ''}`}</Text>
      {exposure.followUps.length === 0 && <Text className='staff__muted'>还没有跟进记录</Text>}
      {exposure.followUps.map((f) => (
        <Text key={f.id} className='staff__muted'>
          {formatChinaDateTime(f.at)} {f.actorName}：{f.text}
        </Text>
      ))}
      <Banner text={error} />
      {mayFollowUp &&
        (writing ? (
          <View className='field'>
            <Textarea
              className='field__area'
              value={text}
              maxlength={ITEM_LIMITS.note}
              placeholder='承诺兑现到哪一步了'
              onInput={(e) => setText(e.detail.value)}
            />
            <Button className='btn' disabled={busy} loading={busy} onClick={() => void save()}>
              {busy ? '正在保存…' : '保存跟进'}
            </Button>
          </View>
        ) : (
          <Button className='btn btn--plain' onClick={() => setWriting(true)}>
            添加跟进
          </Button>
        ))}
    </View>
  );
}

/**
 * 媒体曝光: every exposure with the unit head's public commitment and its deadline, and the
 * follow-ups. Inspectors, the office and the exposed unit's staff add follow-ups.
 */
export default function Exposures() {
  const [list, setList] = useState<Exposure[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');

  async function load() {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    setLoading(true);
    const res = await supervisionApi.exposures();
    setLoading(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setList(res.data);
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>媒体曝光与整改承诺</Heading>
      <Text className='staff__muted'>被曝光单位负责人的公开承诺和兑现情况。</Text>
      <Banner text={error} />
      {loading && !list && <Text className='staff__muted'>正在加载…</Text>}
      {list && list.length === 0 && <Text className='staff__empty'>还没有媒体曝光</Text>}
      {(list ?? []).map((e) => (
        <ExposureCard key={e.id} exposure={e} onSaved={(saved) => setList((l) => (l ?? []).map((x) => (x.id === saved.id ? saved : x)))} />
      ))}
    </View>
  );
}
