import { useState } from 'react';
import { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { benchApi } from '../../../api/client';
import type { IdeaDecision, IdeaDetail } from '../../../api/staff';
import { pickPhotos, readBase64 } from '../../../staff/photo';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/** One golden idea for its unit: evaluate it (采纳 / 部分采纳 / 不采纳), then record progress until it is delivered. */
export default function IdeaPage() {
  const { id = '' } = useRouter().params;
  const [idea, setIdea] = useState<IdeaDetail | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [delivered, setDelivered] = useState(false);
  const [yuan, setYuan] = useState('');
  const [remark, setRemark] = useState('');

  async function load() {
    const res = await benchApi.idea(id);
    if (!res.ok) return setError(res.message);
    setError('');
    setIdea(res.data);
  }

  useDidShow(() => {
    void load();
  });

  async function evaluate(decision: IdeaDecision) {
    if (busy || !idea) return;
    if (decision !== 'adopt' && !reason.trim()) return setError(decision === 'decline' ? '不采纳要写明原因' : '部分采纳要写明采纳哪一部分');
    setBusy(true);
    const res = await benchApi.evaluate(id, idea.version, decision, reason.trim() || undefined);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setReason('');
    await load();
  }

  async function addMilestone() {
    if (busy) return;
    if (!note.trim()) return setError('请写一写进展');
    setBusy(true);
    const res = await benchApi.addMilestone(id, note.trim(), delivered);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setNote('');
    setDelivered(false);
    setIdea(res.data);
  }

  /** A photo of a step (进展照片), read from the phone and sent as it is. */
  async function addPhoto(milestoneId: string) {
    if (busy) return;
    const [picked] = await pickPhotos(1);
    if (!picked) return;
    if (!picked.contentType) return setError('请选 JPG 或 PNG 照片');
    setBusy(true);
    const { base64 } = await readBase64(picked.path);
    const res = await benchApi.addMilestonePhoto(id, milestoneId, base64);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    await load();
  }

  async function proposeReward() {
    if (busy || !idea) return;
    const amountFen = Math.round(Number(yuan) * 100);
    if (!Number.isFinite(amountFen) || amountFen <= 0) return setError('请填奖励金额（元）');
    setBusy(true);
    const res = await benchApi.proposeReward(id, amountFen, remark.trim() || `金点子“${idea.title.slice(0, 20)}”奖励`);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setError('');
    setYuan('');
    setRemark('');
    setIdea(res.data);
  }

  const can = (a: 'evaluate' | 'add_milestone') => idea?.allowedActions.includes(a) ?? false;

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Banner text={error} />
      {idea && (
        <View className='panel'>
          <Heading className='staff__title'>{idea.title}</Heading>
          <Text className='status'>{idea.statusLabel}</Text>
          <Text className='row__text'>群众原话：{idea.text}</Text>
          <Text className='staff__muted'>
            编号 {idea.caseNumber} · {idea.unitName}
          </Text>
          {idea.status === 'evaluating' && (
            <Text className={idea.overdue ? 'sla sla--red' : 'staff__muted'}>
              {idea.overdue ? '已超过评估期限' : '评估期限'} {formatChinaDateTime(idea.evaluateBy)}
            </Text>
          )}
          {idea.decisionReason && <Text className='row__text'>说明：{idea.decisionReason}</Text>}
          {idea.reward && (
            <Text className='row__text'>
              奖励 {(idea.reward.amountFen / 100).toFixed(2)} 元给 {idea.reward.payeeName}：{idea.reward.stateLabel}
            </Text>
          )}
        </View>
      )}

      {idea?.canReward && (
        <View className='panel'>
          <Heading level={2} className='staff__title'>给建议人发奖励</Heading>
          <View className='field'>
            <Text className='field__label'>金额（元）</Text>
            <Input className='field__input' type='digit' value={yuan} placeholder='例如 200' onInput={(e) => setYuan(e.detail.value)} />
          </View>
          <View className='field'>
            <Text className='field__label'>微信里显示的说明</Text>
            <Input className='field__input' value={remark} maxlength={32} placeholder={`金点子“${idea.title.slice(0, 20)}”奖励`} onInput={(e) => setRemark(e.detail.value)} />
          </View>
          <Text className='staff__muted'>提出后要由另一位同事审批，钱直接转到建议人的微信零钱。</Text>
          <Button className='btn' disabled={busy} onClick={() => void proposeReward()}>
            提出奖励
          </Button>
        </View>
      )}

      {can('evaluate') && (
        <View className='panel'>
          <View className='field'>
            <Text className='field__label'>说明（不采纳、部分采纳必填）</Text>
            <Textarea className='field__area' value={reason} maxlength={500} placeholder='为什么，或采纳哪一部分' onInput={(e) => setReason(e.detail.value)} />
          </View>
          <View className='actions'>
            <Button className='btn' disabled={busy} onClick={() => void evaluate('adopt')}>
              采纳
            </Button>
            <Button className='btn btn--plain' disabled={busy} onClick={() => void evaluate('adopt_in_part')}>
              部分采纳
            </Button>
            <Button className='btn btn--danger' disabled={busy} onClick={() => void evaluate('decline')}>
              不采纳
            </Button>
          </View>
        </View>
      )}

      {can('add_milestone') && (
        <View className='panel'>
          <View className='field'>
            <Text className='field__label'>新进展</Text>
            <Textarea className='field__area' value={note} maxlength={1000} placeholder='例如：选好了地块' onInput={(e) => setNote(e.detail.value)} />
          </View>
          <View className='field'>
            <Text className='field__label'>已经落地了</Text>
            <Switch checked={delivered} ariaLabel='已经落地了' nativeProps={{ 'aria-label': '已经落地了' }} onChange={(e) => setDelivered(Boolean(e.detail.value))} />
          </View>
          <Button className='btn' disabled={busy} onClick={() => void addMilestone()}>
            记下进展
          </Button>
        </View>
      )}

      {idea && idea.milestones.length > 0 && (
        <View className='panel'>
          <Heading level={2} className='staff__title'>进展</Heading>
          {idea.milestones.map((s) => (
            <View key={s.id} className='row'>
              <Text className='row__text'>
                {s.delivered ? '【已落地】' : ''}
                {s.note}
              </Text>
              <Text className='staff__muted'>
                {formatChinaDateTime(s.recordedAt)}
                {s.photos.length ? ` · 照片 ${s.photos.length} 张` : ''}
              </Text>
              {can('add_milestone') && (
                <Button className='btn btn--plain' size='mini' disabled={busy} onClick={() => void addPhoto(s.id)}>
                  加照片
                </Button>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
