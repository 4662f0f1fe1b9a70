import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getStaffRole, staffApi, supervisionApi } from '../../../api/client';
import type { SupervisionItem, VerifyOutcome } from '../../../api/supervision';
import type { Result } from '../../../api/staff';
import { pickPhotos, readBase64, type PickedPhoto } from '../../../staff/photo';
import { checkPhoto, photoContentType } from '../../../staff/validate';
import {
  ITEM_LIMITS,
  checkReport,
  checkVerify,
  chinaDateText,
  chinaToday,
  dateAfter,
  dueText,
  historyLabel,
  itemButtons,
  itemStatusLabel,
  sourceLabel,
  type ItemButton,
} from '../../../staff/supervision';
import { formatChinaDateTime } from '../../../utils/format';
import { ROUTES } from '../../../utils/nav';
import '../staff.scss';
import './supervision.scss';
import StaffLoading from '../StaffLoading';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

type Busy = ItemButton | 'photos' | null;

/** A report's photos, downloaded with the token (no plain src URLs), each opening full screen. */
function ReportPhotos({ itemId, media }: { itemId: string; media: SupervisionItem['reports'][number]['media'] }) {
  const [files, setFiles] = useState<string[]>([]);
  const key = media.map((m) => m.id).join(',');
  useEffect(() => {
    let live = true;
    void (async () => {
      const out: string[] = [];
      for (const m of media) {
        const { url, header } = supervisionApi.photoRequest(itemId, m.id);
        try {
          const res = await Taro.downloadFile({ url, header });
          if (res.statusCode === 200) out.push(res.tempFilePath);
        } catch {
          // a photo that does not load is left out; the others still show
        }
      }
      if (live) setFiles(out);
    })();
    return () => {
      live = false;
    };
    // the ids say everything about the photos
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [itemId, key]);
  if (!media.length) return null;
  return (
    <View className='report__photos'>
      {files.map((f, i) => (
        <Image
          key={f}
          className='report__photo'
          src={f}
          mode='aspectFill'
          ariaLabel={`整改照片 ${i + 1}`}
          nativeProps={{ alt: `整改照片 ${i + 1}` }}
          onClick={() => void Taro.previewImage({ urls: files, current: f })}
        />
      ))}
      {files.length < media.length && <Text className='staff__muted'>照片加载中…</Text>}
    </View>
  );
}

/**
 * One supervision item: where it came from, what the unit must fix by when, its reports with
 * photos, accountability and media exposure, and its history. The unit reports with text and
 * photos; the inspector closes it (销号) or sends it back with a note, and records 问责 and 曝光.
 */
export default function SupervisionDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const role = getStaffRole();
  const [item, setItem] = useState<SupervisionItem | null>(null);
  const [caseNumbers, setCaseNumbers] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [form, setForm] = useState<'accountability' | 'exposure' | null>(null);
  const [acc, setAcc] = useState({ person: '', role: '', measure: '', note: '' });
  const [exp, setExp] = useState({ outlet: '', commitment: '', commitmentDue: dateAfter(30) });
  // A send-back's new deadline; null keeps the old one.
  const [newDue, setNewDue] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [progress, setProgress] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const loaded = useRef(false);

  async function load() {
    const res = await supervisionApi.item(id);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setItem(res.data);
    if (!loaded.current) {
      loaded.current = true;
      const found = await Promise.all(res.data.caseIds.map((c) => staffApi.getCase(c)));
      setCaseNumbers(Object.fromEntries(found.flatMap((r) => (r.ok ? [[r.data.id, r.data.number]] : []))));
    }
  }

  useDidShow(() => {
    void load();
  });

  function fail(message: string) {
    setDone('');
    setError(message);
  }

  /** Runs one action; true when the server took it. */
  async function run(button: ItemButton, call: () => Promise<Result<SupervisionItem>>, ok: string): Promise<boolean> {
    setBusy(button);
    setError('');
    setDone('');
    const res = await call();
    setBusy(null);
    setProgress('');
    if (!res.ok) {
      fail(res.message);
      return false;
    }
    setItem(res.data);
    setDone(ok);
    setText('');
    setForm(null);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
    return true;
  }

  async function addPhotos() {
    const room = ITEM_LIMITS.photos - photos.length;
    if (room <= 0) return fail(`最多${ITEM_LIMITS.photos}张照片`);
    const picked = await pickPhotos(room);
    setPhotos([...photos, ...picked].slice(0, ITEM_LIMITS.photos));
  }

  function report() {
    const problem = checkReport(text, photos.length);
    if (problem) return fail(problem);
    for (const p of photos) {
      const pc = checkPhoto(p.contentType ?? 'image/jpeg', p.size);
      if (!pc.ok) return fail(pc.message);
    }
    void run(
      'report',
      async () => {
        const ids: string[] = [];
        for (const [i, p] of photos.entries()) {
          setProgress(`正在上传照片 ${i + 1}/${photos.length}`);
          let data: { base64: string; mime: string | null };
          try {
            data = await readBase64(p.path);
          } catch {
            return { ok: false, status: 0, message: '照片读取失败，请重新选择', conflict: false };
          }
          const pc = checkPhoto(p.contentType ?? photoContentType(data.mime), Math.floor((data.base64.length * 3) / 4));
          if (!pc.ok) return { ok: false, status: 0, message: pc.message, conflict: false };
          const up = await supervisionApi.uploadPhoto(id, data.base64);
          if (!up.ok) return up;
          ids.push(up.data.id);
        }
        setProgress('正在提交报告');
        const res = await supervisionApi.report(id, text.trim(), ids);
        if (res.ok) setPhotos([]);
        return res;
      },
      '已报告整改情况，等待纪委监委核验',
    );
  }

  function verify(outcome: VerifyOutcome) {
    const due = outcome === 'sent_back' ? newDue : null;
    const problem = checkVerify(text, due);
    if (problem) return fail(problem);
    const button = outcome === 'closed' ? 'close' : 'send_back';
    void run(button, () => supervisionApi.verify(id, outcome, text.trim(), due ?? undefined), outcome === 'closed' ? '已核验销号' : '已退回，单位要重新整改').then(
      (ok) => ok && setNewDue(null),
    );
  }

  function saveAccountability() {
    if (!acc.person.trim() || !acc.role.trim() || !acc.measure.trim()) return fail('请写上被问责人、职务和问责方式');
    void run(
      'accountability',
      () => supervisionApi.addAccountability(id, { person: acc.person.trim(), role: acc.role.trim(), measure: acc.measure.trim(), ...(acc.note.trim() ? { note: acc.note.trim() } : {}) }),
      '已记录问责',
    ).then((ok) => ok && setAcc({ person: '', role: '', measure: '', note: '' }));
  }

  function saveExposure() {
    if (!exp.outlet.trim() || !exp.commitment.trim()) return fail('请写上曝光媒体和单位负责人的公开承诺');
    if (exp.commitmentDue < chinaToday()) return fail('承诺期限不能早于今天');
    const caseId = item?.caseIds[0];
    void run(
      'exposure',
      () => supervisionApi.addExposure(id, { outlet: exp.outlet.trim(), commitment: exp.commitment.trim(), commitmentDue: exp.commitmentDue, ...(caseId ? { caseId } : {}) }),
      '已记录媒体曝光',
    );
  }

  if (!item) return <StaffLoading error={error} />;

  const buttons = itemButtons(item, role);
  const verifies = buttons.includes('close');
  const reports = buttons.includes('report');

  return (
    <View className='staff' role='main'>
      <BackBar />
      <View className='row__head'>
        <Text className='row__number'>{item.number}</Text>
        <Text className='status'>{itemStatusLabel(item.status)}</Text>
      </View>
      <Heading className='staff__title'>{item.title}</Heading>
      <Text>承办单位：{item.unit.name}</Text>
      <Text className={item.overdue ? 'overdue-text' : 'due-text'}>{dueText(item)}</Text>
      {item.escalatedAt && <Text className='staff__muted'>逾期已报告单位领导和分管市领导（{formatChinaDateTime(item.escalatedAt)}）</Text>}
      <Text className='staff__muted'>
        {sourceLabel(item.source)} · {item.createdBy.name} 交办
      </Text>

      <Banner text={error} />
      {done && !error && (
        <View className='banner banner--ok' role='status'>
          <Text>{done}</Text>
        </View>
      )}

      <Text className='staff__sub'>整改要求</Text>
      <View className='panel'>
        <Text>{item.requirement}</Text>
        {item.fieldNote && <Text className='quote'>暗访发现：{item.fieldNote}</Text>}
      </View>

      {(item.caseIds.length > 0 || (item.flagId && role === 'inspector')) && <Text className='staff__sub'>相关诉求和线索</Text>}
      {item.caseIds.map((c, i) => (
        <View key={c} className='row' hoverClass='none' onClick={() => void Taro.navigateTo({ url: ROUTES.staffCase(c) })}>
          <Text className='row__number link'>{caseNumbers[c] ?? `诉求 ${i + 1}`}</Text>
        </View>
      ))}
      {item.flagId && role === 'inspector' && (
        <View className='row' hoverClass='none' onClick={() => void Taro.navigateTo({ url: `/pages/staff/flags/detail?id=${encodeURIComponent(item.flagId!)}` })}>
          <Text className='row__number link'>查看异常线索</Text>
        </View>
      )}

      {reports && (
        <View className='panel'>
          <Text className='staff__sub'>{item.status === 'sent_back' ? '重新报告整改情况' : '报告整改情况'}</Text>
          <View className='field'>
            <Text className='field__label'>整改了什么</Text>
            <Textarea className='field__area' value={text} maxlength={ITEM_LIMITS.report} placeholder='做了什么、结果怎样、群众怎么说' onInput={(e) => setText(e.detail.value)} />
          </View>
          <Text className='field__label'>整改照片（最多{ITEM_LIMITS.photos}张）</Text>
          <View className='photos'>
            {photos.map((p, i) => (
              <View className='photo' key={p.path}>
                <Image className='photo__img' src={p.path} mode='aspectFill' ariaLabel={`整改照片 ${i + 1}`} nativeProps={{ alt: `整改照片 ${i + 1}` }} />
                {busy === null && (
                  <Text className='photo__remove' onClick={() => setPhotos(photos.filter((_, j) => j !== i))}>
                    删除
                  </Text>
                )}
              </View>
            ))}
          </View>
          <Button className='btn btn--plain' disabled={busy !== null || photos.length >= ITEM_LIMITS.photos} onClick={() => void addPhotos()}>
            拍照或选照片
          </Button>
          {progress && <Text className='staff__muted'>{progress}</Text>}
          <Button className='btn' disabled={busy !== null} loading={busy === 'report'} onClick={report}>
            {busy === 'report' ? '正在提交…' : '提交报告'}
          </Button>
        </View>
      )}

      {verifies && (
        <View className='panel'>
          <Text className='staff__sub'>核验整改</Text>
          <View className='field'>
            <Text className='field__label'>核验情况</Text>
            <Textarea className='field__area' value={text} maxlength={ITEM_LIMITS.note} placeholder='看了现场、问了群众，整改到没到位' onInput={(e) => setText(e.detail.value)} />
          </View>
          <View className='field'>
            <Text className='field__label'>退回时的新期限（不选就沿用原期限）</Text>
            <Picker mode='date' value={newDue ?? chinaToday()} start={chinaToday()} onChange={(e) => setNewDue(String(e.detail.value))}>
              <View className='field__picker'>{newDue ? chinaDateText(newDue) : `沿用 ${chinaDateText(item.dueDate)}`}</View>
            </Picker>
          </View>
          <View className='actions'>
            <Button className='btn' disabled={busy !== null} loading={busy === 'close'} onClick={() => verify('closed')}>
              {busy === 'close' ? '正在提交…' : '销号'}
            </Button>
            <Button className='btn btn--danger' disabled={busy !== null} loading={busy === 'send_back'} onClick={() => verify('sent_back')}>
              {busy === 'send_back' ? '正在提交…' : '退回重改'}
            </Button>
          </View>
        </View>
      )}

      <Text className='staff__sub'>单位报告（{item.reports.length}）</Text>
      {item.reports.length === 0 && <Text className='staff__empty'>单位还没有报告</Text>}
      {item.reports.map((r, i) => (
        <View key={`${r.at}-${i}`} className='panel'>
          <Text className='staff__muted'>
            第 {i + 1} 次报告 · {formatChinaDateTime(r.at)}
          </Text>
          <Text>{r.text}</Text>
          <ReportPhotos itemId={item.id} media={r.media} />
        </View>
      ))}

      {(item.accountability.length > 0 || buttons.includes('accountability')) && <Text className='staff__sub'>问责（{item.accountability.length}）</Text>}
      {item.accountability.map((a) => (
        <View key={a.id} className='panel'>
          <Text>
            {a.person}（{a.role}）：{a.measure}
          </Text>
          {a.note && <Text className='staff__muted'>{a.note}</Text>}
          <Text className='staff__muted'>记录于 {formatChinaDateTime(a.createdAt)}</Text>
        </View>
      ))}
      {buttons.includes('accountability') && form !== 'accountability' && (
        <Button className='btn btn--plain' disabled={busy !== null} onClick={() => setForm('accountability')}>
          记录问责
        </Button>
      )}
      {form === 'accountability' && (
        <View className='panel'>
          <View className='field'>
            <Text className='field__label'>被问责人</Text>
            <Input className='field__input' aria-label='被问责人' value={acc.person} maxlength={50} placeholder='姓名' onInput={(e) => setAcc({ ...acc, person: e.detail.value })} />
          </View>
          <View className='field'>
            <Text className='field__label'>职务</Text>
            <Input className='field__input' aria-label='职务' value={acc.role} maxlength={100} placeholder='例如：某某镇副镇长' onInput={(e) => setAcc({ ...acc, role: e.detail.value })} />
          </View>
          <View className='field'>
            <Text className='field__label'>问责方式</Text>
            <Input className='field__input' aria-label='问责方式' value={acc.measure} maxlength={200} placeholder='例如：诫勉谈话、通报批评' onInput={(e) => setAcc({ ...acc, measure: e.detail.value })} />
          </View>
          <View className='field'>
            <Text className='field__label'>说明（可不填）</Text>
            <Textarea className='field__area' aria-label='问责说明' value={acc.note} maxlength={1000} placeholder='为什么问责（可不填）' onInput={(e) => setAcc({ ...acc, note: e.detail.value })} />
          </View>
          <View className='actions'>
            <Button className='btn' disabled={busy !== null} loading={busy === 'accountability'} onClick={saveAccountability}>
              保存问责
            </Button>
            <Button className='btn btn--plain' disabled={busy !== null} onClick={() => setForm(null)}>
              取消
            </Button>
          </View>
        </View>
      )}

      {(item.exposures.length > 0 || buttons.includes('exposure')) && <Text className='staff__sub'>媒体曝光（{item.exposures.length}）</Text>}
      {item.exposures.map((x) => (
        <View key={x.id} className='panel'>
          <Text>曝光媒体：{x.outlet}</Text>
          {x.caseNumber && <Text className='staff__muted'>诉求 {x.caseNumber}</Text>}
          <Text className='quote'>单位负责人承诺：{x.commitment}</Text>
          <Text className='staff__muted'>承诺期限 {chinaDateText(x.commitmentDue)}</Text>
          {x.followUps.map((f) => (
            <Text key={f.id} className='staff__muted'>
              {formatChinaDateTime(f.at)} {f.actorName}：{f.text}
            </Text>
          ))}
        </View>
      ))}
      {buttons.includes('exposure') && form !== 'exposure' && (
        <Button className='btn btn--plain' disabled={busy !== null} onClick={() => setForm('exposure')}>
          记录媒体曝光
        </Button>
      )}
      {form === 'exposure' && (
        <View className='panel'>
          <View className='field'>
            <Text className='field__label'>曝光媒体</Text>
            <Input className='field__input' aria-label='曝光媒体' value={exp.outlet} maxlength={100} placeholder='例如：万源电视台《问政》' onInput={(e) => setExp({ ...exp, outlet: e.detail.value })} />
          </View>
          <View className='field'>
            <Text className='field__label'>单位负责人的公开承诺</Text>
            <Textarea className='field__area' aria-label='单位负责人的公开承诺' value={exp.commitment} maxlength={1000} placeholder='负责人公开承诺做到什么' onInput={(e) => setExp({ ...exp, commitment: e.detail.value })} />
          </View>
          <View className='field'>
            <Text className='field__label'>承诺期限</Text>
            <Picker mode='date' value={exp.commitmentDue} start={chinaToday()} onChange={(e) => setExp({ ...exp, commitmentDue: String(e.detail.value) })}>
              <View className='field__picker'>{chinaDateText(exp.commitmentDue)}</View>
            </Picker>
          </View>
          <View className='actions'>
            <Button className='btn' disabled={busy !== null} loading={busy === 'exposure'} onClick={saveExposure}>
              保存曝光
            </Button>
            <Button className='btn btn--plain' disabled={busy !== null} onClick={() => setForm(null)}>
              取消
            </Button>
          </View>
        </View>
      )}

      <Text className='staff__sub'>办理经过</Text>
      {item.history.map((h, i) => (
        <View key={`${h.at}-${i}`} className='timeline__item'>
          <Text>
            {formatChinaDateTime(h.at)} {historyLabel(h.action)}（{h.actorName}）
          </Text>
          {h.text && <Text className='staff__muted'>{h.text}</Text>}
        </View>
      ))}
    </View>
  );
}
