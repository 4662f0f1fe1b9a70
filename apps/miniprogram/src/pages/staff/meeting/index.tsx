import { useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { benchApi } from '../../../api/client';
import type { MeetingDetail } from '../../../api/staff';
import { submitBenchDemand, waitingFor } from '../../../services/bench-demands';
import { benchQueue } from '../../../services/bench-taro';
import { pickPhotos, readBase64 } from '../../../staff/photo';
import { meetingTotals, meetingTotalsLine } from '../../../staff/meeting-totals';
import { formatChinaDateTime } from '../../../utils/format';
import { uuidV4 } from '../../../utils/uuid';
import '../staff.scss';
import { DemandFields, EMPTY_DEMAND } from '../DemandFields';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/**
 * One bench meeting: record it held, write down what residents raise (kept on the phone and sent
 * when there is signal), follow each demand's progress, and close it with a short report.
 */
export default function MeetingPage() {
  const { id = '' } = useRouter().params;
  const [m, setM] = useState<MeetingDetail | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(0);
  // holding
  const [attendance, setAttendance] = useState('');
  const [report, setReport] = useState('');
  // one demand
  const [draft, setDraft] = useState(EMPTY_DEMAND);

  async function load() {
    const res = await benchApi.meeting(id);
    if (!res.ok) return setError(res.message);
    setError('');
    setM(res.data);
    setWaiting(waitingFor(benchQueue, id).length);
  }

  useDidShow(() => {
    void load();
  });
  useEffect(() => {
    benchQueue.start();
    // A demand sent later (the network came back) shows up in the list.
    const off = benchQueue.onOutcome((o) => {
      if (o.status !== 'sent') return;
      // The waiting demand went: the 「没有信号」 notice is no longer true.
      setNotice(`已发送，编号 ${o.case.number}`);
      void load();
    });
    return off;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  async function act(work: () => Promise<{ ok: boolean; message?: string }>) {
    if (busy) return;
    setBusy(true);
    const res = await work();
    setBusy(false);
    if (!res.ok) return setError(res.message ?? '没有成功，请再试');
    await load();
  }

  const hold = () =>
    act(async () => {
      const n = Number(attendance);
      if (!Number.isInteger(n) || n < 1) return { ok: false, message: '请填写来了多少人' };
      return benchApi.hold(id, m!.version, { heldAt: new Date().toISOString(), attendance: n });
    });
  const close = () =>
    act(async () => {
      if (!report.trim()) return { ok: false, message: '请写几句会议小结' };
      return benchApi.close(id, m!.version, { report: report.trim() });
    });

  async function addDemand() {
    if (busy) return;
    setBusy(true);
    const outcome = await submitBenchDemand(benchQueue, { meetingId: id, residentName: draft.name, residentPhone: draft.phone, text: draft.text, onTheSpotAnswer: draft.solved ? draft.answer : '' }, uuidV4());
    setBusy(false);
    if (outcome.status === 'failed') return setError(outcome.reason);
    setError('');
    setDraft(EMPTY_DEMAND);
    if (outcome.status === 'sent') {
      setNotice(`已受理，编号 ${outcome.case.number}`);
      await load();
    } else {
      setNotice('没有信号，已存在手机上，有信号后自动发送');
      setWaiting(waitingFor(benchQueue, id).length);
    }
  }

  /** 现场照片: one at a time, read from the phone and sent as it is. */
  const addPhoto = () =>
    act(async () => {
      const [picked] = await pickPhotos(1);
      if (!picked) return { ok: true };
      if (!picked.contentType) return { ok: false, message: '请选 JPG 或 PNG 照片' };
      const { base64 } = await readBase64(picked.path);
      return benchApi.addPhoto(id, base64);
    });

  const can = (a: string) => m?.allowedActions.includes(a as never) ?? false;

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Banner text={error} />
      <Banner text={notice} ok />
      {m && (
        <View className='panel'>
          <Heading className='staff__title'>
            {m.kindName} · {m.statusLabel}
          </Heading>
          <Text className='row__text'>
            {m.townName}
            {m.villageName} · {m.place}
          </Text>
          <Text className='staff__muted'>主持：{m.hostName}</Text>
          <Text className='staff__muted'>时间：{formatChinaDateTime(m.heldAt ?? m.plannedAt)}</Text>
          {m.attendance !== null && <Text className='staff__muted'>到场：{m.attendance} 人</Text>}
          {m.report && <Text className='row__text'>小结：{m.report}</Text>}
          <Text className='staff__muted'>照片：{m.photos.length} 张</Text>
          {(m.status === 'held' || m.status === 'closed') && m.allowedActions.length > 0 && (
            <Button className='btn btn--plain' disabled={busy} onClick={() => void addPhoto()}>
              添加照片
            </Button>
          )}
        </View>
      )}

      {can('hold') && (
        <View className='panel'>
          <View className='field'>
            <Text className='field__label'>来了多少人</Text>
            <Input className='field__input' type='number' value={attendance} maxlength={5} placeholder='例如：35' onInput={(e) => setAttendance(e.detail.value)} />
          </View>
          <Button className='btn' disabled={busy} onClick={() => void hold()}>
            开始，记为已开
          </Button>
        </View>
      )}

      {can('add_demand') && (
        <View className='panel'>
          <Heading level={2} className='staff__title'>记下群众反映的事</Heading>
          {waiting > 0 && <Text className='staff__muted'>还有 {waiting} 件等信号发送</Text>}
          <DemandFields value={draft} onChange={setDraft} examples={{ name: '例如：王大爷', answer: '例如：当场疏通了水沟' }} />
          <Button className='btn' disabled={busy} loading={busy} onClick={() => void addDemand()}>
            记下
          </Button>
        </View>
      )}

      {m && (
        <View className='panel'>
          <Heading level={2} className='staff__title'>群众反映的事（{m.demands.length} 件）</Heading>
          {m.demands.length > 0 && <Text className='staff__muted meeting__totals'>{meetingTotalsLine(meetingTotals(m.demands))}</Text>}
          {m.demands.length === 0 && <Text className='staff__empty'>还没有</Text>}
          {m.demands.map((d) => (
            <View key={d.caseId} className='row' onClick={() => void Taro.navigateTo({ url: `/pages/staff/case/index?id=${encodeURIComponent(d.caseId)}` })}>
              <View className='row__head'>
                <Text className='row__number'>{d.number}</Text>
                <Text className='status'>{d.solvedOnTheSpot ? '当场解决' : d.statusLabel}</Text>
              </View>
              <Text className='row__text'>{d.text}</Text>
              <View className='row__meta'>
                <Text className='row__meta-item'>{d.residentName}</Text>
                <Text className='row__meta-item'>{d.unitName ? `办理：${d.unitName}` : '等待转办'}</Text>
              </View>
            </View>
          ))}
        </View>
      )}

      {can('close') && (
        <View className='panel'>
          <View className='field'>
            <Text className='field__label'>会议小结</Text>
            <Textarea className='field__area' value={report} maxlength={4000} placeholder='说了哪些事，怎么办' onInput={(e) => setReport(e.detail.value)} />
          </View>
          <Button className='btn' disabled={busy} onClick={() => void close()}>
            结束板凳会
          </Button>
        </View>
      )}
    </View>
  );
}
