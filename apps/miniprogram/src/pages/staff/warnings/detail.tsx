import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getStaffRole, staffApi } from '../../../api/client';
import type { WarningDetail } from '../../../api/staff';
import { WARNING_BUTTON_LABELS, warningBadge, warningButtons, warningPlace, type WarningButton } from '../../../staff/warnings';
import { formatChinaDateTime } from '../../../utils/format';
import { newItemUrl, opensItems } from '../../../staff/supervision';
import '../staff.scss';
import StaffLoading from '../StaffLoading';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

const NOTE_MAX = 1000;

/** One warning: what rose where against what is usual, the cases behind it, its steps, and the buttons to sign for it, follow it up and close it. */
export default function StaffWarningDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [w, setW] = useState<WarningDetail | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<WarningButton | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  async function load() {
    const res = await staffApi.warning(id);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setW(res.data);
  }

  useDidShow(() => {
    void load();
  });

  async function act(button: WarningButton) {
    const text = note.trim();
    if (button !== 'acknowledge' && !text) {
      setError(button === 'close' ? '请写一写办结情况' : '请写一写跟进情况');
      return;
    }
    setBusy(button);
    const res = await staffApi.actOnWarning(id, button, text);
    setBusy(null);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setNote('');
    setDone(`已${WARNING_BUTTON_LABELS[button].replace('填写', '')}`);
    setW(res.data);
  }

  if (!w) return <StaffLoading error={error} />;

  const badge = warningBadge(w.level);
  const buttons = warningButtons(w, getStaffRole());
  const { evidence } = w;

  return (
    <View className='staff' role='main'>
      <BackBar />
      <View className='row__head'>
        {badge && <Text className={`${badge.className} warn--large`}>{badge.label}</Text>}
        <Text className='status'>{w.statusLabel}</Text>
      </View>
      <Heading className='staff__title'>
        {warningPlace(w)} · {w.categoryName}
      </Heading>
      <Text>{w.summary}</Text>
      <Text className='staff__muted'>
        发出 {formatChinaDateTime(w.raisedAt)}
        {w.status === 'open' ? `，请在 ${formatChinaDateTime(w.ackBy)} 前签收` : ''}
      </Text>

      <Banner text={error} />
      {done && !error && (
        <View className='banner banner--ok' role='status'>
          <Text>{done}</Text>
        </View>
      )}

      <Text className='staff__sub'>依据（近{evidence.recentDays}天和前{evidence.baselineDays}天比）</Text>
      {evidence.towns.map((t) => (
        <View key={t.townId} className='panel'>
          <Text>
            {t.townName}：近{evidence.recentDays}天 {t.recent} 件，平时约 {t.expected} 件（前{evidence.baselineDays}天共 {t.baselineTotal} 件）
          </Text>
          <Text className='staff__muted'>是平时的 {t.ratio} 倍</Text>
        </View>
      ))}

      {buttons.length > 0 && (
        <View className='panel'>
          {buttons.some((b) => b !== 'acknowledge') && (
            <View className='field'>
              <Text className='field__label'>跟进情况</Text>
              <Textarea className='field__area' value={note} maxlength={NOTE_MAX} placeholder='查到了什么原因，做了什么，还要做什么' onInput={(e) => setNote(e.detail.value)} />
            </View>
          )}
          <View className='actions'>
            {buttons.map((b) => (
              <Button key={b} className={`btn${b === 'close' ? ' btn--plain' : ''}`} disabled={busy !== null} loading={busy === b} onClick={() => void act(b)}>
                {busy === b ? '正在提交…' : WARNING_BUTTON_LABELS[b]}
              </Button>
            ))}
          </View>
        </View>
      )}

      {opensItems(getStaffRole()) && (
        <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: newItemUrl({ source: 'warning', warningId: w.id }) })}>
          立项督办
        </Button>
      )}

      <Text className='staff__sub'>相关诉求（{w.cases.length}）</Text>
      {w.cases.map((c) => (
        <View key={c.id} className='row' hoverClass='none' onClick={() => Taro.navigateTo({ url: `/pages/staff/case/index?id=${encodeURIComponent(c.id)}` })}>
          <View className='row__head'>
            <Text className='row__number'>{c.number}</Text>
            <Text className='status'>{c.statusLabel}</Text>
          </View>
          <Text className='row__text'>{c.summary}</Text>
        </View>
      ))}

      <Text className='staff__sub'>处理经过</Text>
      {w.steps.map((s, i) => (
        <View key={`${s.at}-${i}`} className='panel'>
          <Text>
            {formatChinaDateTime(s.at)} {s.actionLabel}
            {s.staffName ? `（${s.staffName}）` : ''}
          </Text>
          {s.note && <Text className='staff__muted'>{s.note}</Text>}
        </View>
      ))}
    </View>
  );
}
