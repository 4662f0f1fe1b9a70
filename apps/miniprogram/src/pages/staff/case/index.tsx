import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Image, Input, Text, Textarea, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { benchApi, getStaffRole, staffApi } from '../../../api/client';
import MediaList from '../../../components/MediaList';
import { classifyDefaults, subItemOptions, suggestionDoubt, type Option } from '../../../staff/forms';
import { ACTION_LABELS, attachmentLabel, EMERGENCY_MARK, KIND_OPTIONS, URGENCY_OPTIONS } from '../../../staff/labels';
import { pickPhotos, readBase64, type PickedPhoto } from '../../../staff/photo';
import { slaBadge } from '../../../staff/sla';
import type { CaseDetail, CaseKind, Extension, Result, StaffAction, UnitChoices, Urgency } from '../../../api/staff';
import { choiceLabel } from '../../../staff/unit-choice';
import UnitPicker from '../../../components/UnitPicker';
import PlaceLine from '../../../components/PlaceLine';
import {
  checkAnswer,
  checkAssign,
  checkClassify,
  checkExtension,
  checkNote,
  checkPhoto,
  checkReason,
  checkRevisit,
  LIMITS,
  photoContentType,
} from '../../../staff/validate';
import { formatChinaDateTime } from '../../../utils/format';
import { newItemUrl, opensItems } from '../../../staff/supervision';
import '../staff.scss';
import { OptionPicker } from '../OptionPicker';
import { convenes, isOpenCase } from '../../../staff/joint-meetings';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

const KINDS: Option[] = KIND_OPTIONS.map((k) => ({ code: k.code, label: k.label }));
const URGENCIES: Option[] = URGENCY_OPTIONS.map((u) => ({ code: u.code, label: u.label }));

const SUCCESS: Record<StaffAction, string> = {
  sign_for: '已签收',
  note: '进展已记录',
  answer: '已答复',
  extension: '延期申请已提交',
  return: '已退回',
  classify: '分类已保存',
  assign: '已转办',
  decide_extension: '已审批',
  reject: '已作无效处理',
  revisit: '回访已记录',
};

const RATINGS: Option[] = [
  { code: 'satisfied', label: '满意' },
  { code: 'basically_satisfied', label: '基本满意' },
  { code: 'unsatisfied', label: '不满意' },
];
const SOLVED: Option[] = [
  { code: 'yes', label: '是' },
  { code: 'no', label: '否' },
];

/** One case for handlers and dispatchers: what it is, its history, and the actions the server offers them. */
export default function StaffCasePage() {
  const { params } = useRouter();
  const id = params.id ? decodeURIComponent(params.id) : '';

  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [extensions, setExtensions] = useState<Extension[]>([]);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState('');

  const [open, setOpen] = useState<StaffAction | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState('');
  const [error, setError] = useState('');
  const [conflict, setConflict] = useState(false);
  const [done, setDone] = useState('');

  const [text, setText] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);

  const [subItems, setSubItems] = useState<Option[]>([]);
  const [choices, setChoices] = useState<UnitChoices | null>(null);
  const [addingCoUnit, setAddingCoUnit] = useState(false);
  const [kind, setKind] = useState<CaseKind | null>(null);
  const [subItem, setSubItem] = useState<string | null>(null);
  const [urgency, setUrgency] = useState<Urgency | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [coUnitIds, setCoUnitIds] = useState<string[]>([]);
  const [rating, setRating] = useState<string | null>(null);
  const [solved, setSolved] = useState<string | null>(null);
  const [ideaTitle, setIdeaTitle] = useState('');

  async function load() {
    if (!id) {
      setLoadError('缺少案件编号');
      return;
    }
    setLoading(true);
    setLoadError('');
    setError(''); // a reload is the answer to 「请刷新」: the old message goes with it
    const [c, ext] = await Promise.all([staffApi.getCase(id), staffApi.caseExtensions(id)]);
    setLoading(false);
    if (!c.ok) {
      setLoadError(c.message);
      return;
    }
    setDetail(c.data);
    setExtensions(ext.ok ? ext.data : []);
    setConflict(false);
    const defaults = classifyDefaults(c.data);
    setKind(defaults.kind);
    setSubItem(defaults.subItem);
    setUrgency(defaults.urgency);
    // The routing forms' data is needed only when the server offers routing.
    if (c.data.allowedActions.includes('assign') || c.data.allowedActions.includes('classify')) {
      const [tax, uc] = await Promise.all([staffApi.taxonomy(), staffApi.unitChoices(id)]);
      if (tax.ok) setSubItems(subItemOptions(tax.data));
      setChoices(uc.ok ? uc.data : null);
      // The suggestion is preselected: one tap on 确认转办 when the dispatcher agrees.
      const suggested = uc.ok ? uc.data.suggestion.unitId : null;
      setUnitId(uc.ok && suggested && uc.data.units.some((u) => u.id === suggested) ? suggested : null);
      setCoUnitIds([]);
      setAddingCoUnit(false);
      if (!tax.ok || !uc.ok) setError(!tax.ok ? tax.message : uc.ok ? '' : uc.message);
    }
  }

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  const pending = extensions.filter((e) => e.status === 'pending');
  // The server says which buttons this member of staff gets; the app keeps no copy of the rules.
  const actions = detail?.allowedActions ?? [];

  /** The office takes a resident's suggestion up as a golden idea (金点子), for its unit to evaluate. */
  async function takeUpIdea() {
    if (busy || !detail) return;
    const title = (ideaTitle.trim() || detail.text.trim()).slice(0, 60);
    setBusy('idea');
    const res = await benchApi.takeUp(detail.id, title);
    setBusy(null);
    if (!res.ok) return setError(res.message);
    void Taro.redirectTo({ url: `/pages/staff/idea/index?id=${res.data.id}` });
  }

  function toggle(action: StaffAction) {
    setError('');
    setDone('');
    setText('');
    setWorkdays('');
    setPhotos([]);
    setRating(null);
    setSolved(null);
    setOpen(open === action ? null : action);
  }

  /** Runs one request with its button disabled; on success closes the form and reloads. */
  async function run(key: string, action: StaffAction, request: () => Promise<Result<unknown>>): Promise<boolean> {
    if (busy) return false;
    setBusy(key);
    setError('');
    setDone('');
    let res: Result<unknown>;
    try {
      res = await request();
    } catch {
      res = { ok: false, status: 0, message: '操作没有成功，请稍后再试', conflict: false };
    } finally {
      setBusy(null);
      setProgress('');
    }
    if (!res.ok) {
      setError(res.message);
      setConflict(res.conflict);
      return false;
    }
    setOpen(null);
    setDone(SUCCESS[action]);
    void Taro.showToast({ title: SUCCESS[action], icon: 'success' });
    await load();
    return true;
  }

  function fail(message: string) {
    setError(message);
    setConflict(false);
  }

  async function addPhotos() {
    const room = LIMITS.maxPhotos - photos.length;
    if (room <= 0) return fail(`最多${LIMITS.maxPhotos}张照片`);
    const picked = await pickPhotos(room);
    setPhotos([...photos, ...picked].slice(0, LIMITS.maxPhotos));
  }

  async function submit(action: StaffAction) {
    if (!detail) return;
    const v = detail.version;
    switch (action) {
      case 'sign_for':
        return run(action, action, () => staffApi.signFor(id, v));
      case 'note': {
        const c = checkNote(text);
        if (!c.ok) return fail(c.message);
        return run(action, action, () => staffApi.addNote(id, c.value));
      }
      case 'answer': {
        const c = checkAnswer(text);
        if (!c.ok) return fail(c.message);
        for (const p of photos) {
          const pc = checkPhoto(p.contentType ?? 'image/jpeg', p.size);
          if (!pc.ok) return fail(pc.message);
        }
        return run(action, action, async () => {
          const left = [...photos];
          let n = 0;
          while (left.length) {
            const p = left[0];
            n += 1;
            setProgress(`正在上传照片 ${n}/${photos.length}`);
            let data: { base64: string; mime: string | null };
            try {
              data = await readBase64(p.path);
            } catch {
              return { ok: false, status: 0, message: '照片读取失败，请重新选择', conflict: false };
            }
            const type = p.contentType ?? photoContentType(data.mime);
            const pc = checkPhoto(type, Math.floor((data.base64.length * 3) / 4));
            if (!pc.ok) return { ok: false, status: 0, message: pc.message, conflict: false };
            const up = await staffApi.addEvidence(id, pc.value, data.base64);
            if (!up.ok) return up;
            left.shift();
            setPhotos([...left]); // uploaded photos leave the list, so a retry does not send them twice
          }
          setProgress('正在提交答复');
          return staffApi.answer(id, v, c.value);
        });
      }
      case 'extension': {
        const c = checkExtension(workdays, text, detail.extendedWorkdays);
        if (!c.ok) return fail(c.message);
        return run(action, action, () => staffApi.requestExtension(id, c.value.workdays, c.value.reason));
      }
      case 'return': {
        const c = checkReason(text);
        if (!c.ok) return fail(c.message);
        return run(action, action, () => staffApi.returnCase(id, v, c.value));
      }
      case 'reject': {
        const c = checkReason(text);
        if (!c.ok) return fail(c.message);
        return run(action, action, () => staffApi.reject(id, v, c.value));
      }
      case 'classify': {
        const c = checkClassify({ kind, subItem, urgency }, subItems.map((s) => s.code));
        if (!c.ok) return fail(c.message);
        return run(action, action, () => staffApi.classify(id, v, c.value));
      }
      case 'assign': {
        const c = checkAssign(unitId, coUnitIds);
        if (!c.ok) return fail(c.message);
        return run(action, action, () => staffApi.assign(id, v, c.value.unitId, c.value.coUnitIds));
      }
      case 'revisit': {
        const c = checkRevisit({ rating, solved: solved === null ? null : solved === 'yes', note: text });
        if (!c.ok) return fail(c.message);
        return run(action, action, () => staffApi.phoneRevisit(id, c.value));
      }
      case 'decide_extension':
        return undefined;
    }
  }

  if (!detail) {
    return (
      <View className='staff' role='main'>
        <BackBar />
        {loading && <Text className='staff__empty'>正在加载…</Text>}
        <Banner text={loadError} />
        {loadError && id && (
          <Button className='btn' onClick={() => void load()}>
            重试
          </Button>
        )}
      </View>
    );
  }

  const sla = slaBadge(detail.slaColour);
  // The classifier said it was unsure: the dispatcher sees it, with the sub-items it weighed.
  const doubt = suggestionDoubt(detail.suggestion, subItems);
  const point = pointOf(detail.location);
  const unitName = (unit: string) => {
    const u = choices?.units.find((x) => x.id === unit);
    return u ? choiceLabel(u) : unit;
  };

  const textArea = (label: string, placeholder: string, max: number) => (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Textarea
        className='field__area'
        value={text}
        maxlength={max}
        placeholder={placeholder}
        onInput={(e) => setText(e.detail.value)}
      />
    </View>
  );

  const submitButton = (action: StaffAction, label: string, danger = false) => (
    <Button
      className={`btn${danger ? ' btn--danger' : ''}`}
      disabled={busy !== null}
      loading={busy === action}
      onClick={() => void submit(action)}
    >
      {busy === action ? progress || '正在提交…' : label}
    </Button>
  );

  const picker = (label: string, options: Option[], value: string | null, onPick: (code: string) => void) => (
    <OptionPicker label={label} options={options} value={value} onPick={onPick} />
  );

  return (
    <View className='staff' role='main'>
      <BackBar />
      <View className='row__head'>
        {detail.emergency && <Text className='mark--emergency'>{EMERGENCY_MARK}</Text>}
        <Heading className='staff__title'>{detail.number}</Heading>
        <Text className='status'>{detail.statusLabel}</Text>
      </View>

      <Banner text={done} ok />
      {error && (
        <View className='banner' role='alert'>
          <Text>{error}</Text>
          {conflict && (
            <Button className='btn btn--plain' size='mini' disabled={loading} onClick={() => void load()}>
              刷新
            </Button>
          )}
        </View>
      )}

      <View className='panel'>
        <Text className='row__text'>{detail.text}</Text>
        {doubt && actions.includes('classify') && (
          <View className='notice' role='note'>
            <Text className='notice__text'>{doubt.message}</Text>
          </View>
        )}
        <View className='kv'>
          <Text className='kv__k'>类型</Text>
          <Text className='kv__v'>{detail.kindLabel}</Text>
        </View>
        {detail.kind === 'suggestion' && getStaffRole() === 'dispatcher' && (
          <View className='field'>
            <Text className='field__label'>金点子标题（不填用原话）</Text>
            <Input className='field__input' value={ideaTitle} maxlength={60} placeholder='例如：建高山蔬菜基地' onInput={(e) => setIdeaTitle(e.detail.value)} />
            <Button className='btn btn--plain' disabled={busy !== null} onClick={() => void takeUpIdea()}>
              作为金点子交办
            </Button>
          </View>
        )}
        <View className='kv'>
          <Text className='kv__k'>办结期限</Text>
          <Text className='kv__v'>
            {sla && <Text className={sla.className}>{sla.label}</Text>}
            {formatChinaDateTime(detail.closeBy) ?? '暂无'}
            {detail.extendedWorkdays > 0 ? `（已延期${detail.extendedWorkdays}个工作日）` : ''}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>受理时间</Text>
          <Text className='kv__v'>{formatChinaDateTime(detail.acceptedAt) ?? '暂无'}</Text>
        </View>
        {detail.placeLabel && (
          <View className='kv'>
            <Text className='kv__k'>地点</Text>
            <PlaceLine className='kv__v' label={detail.placeLabel} mapUrl={detail.mapUrl} point={point} />
          </View>
        )}
        {(detail.residentName || detail.residentPhone) && (
          <View className='kv'>
            <Text className='kv__k'>群众</Text>
            <Text className='kv__v'>{[detail.residentName, detail.residentPhone].filter(Boolean).join(' ')}</Text>
          </View>
        )}
      </View>

      {opensItems(getStaffRole()) && (
        <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: newItemUrl({ source: 'case', caseId: detail.id }) })}>
          立项督办
        </Button>
      )}

      {actions.length > 0 && (
        <View className='panel'>
          <View className='actions'>
            {actions.map((a) =>
              a === 'sign_for' ? (
                <Button key={a} className='btn' disabled={busy !== null} loading={busy === a} onClick={() => void submit(a)}>
                  {busy === a ? '正在签收…' : ACTION_LABELS[a]}
                </Button>
              ) : (
                <Button
                  key={a}
                  className={`btn btn--plain${open === a ? ' btn--active' : ''}`}
                  disabled={busy !== null}
                  onClick={() => toggle(a)}
                >
                  {ACTION_LABELS[a]}
                </Button>
              ),
            )}
          </View>

          {open === 'note' && (
            <View>
              {textArea('办理进展', '例如：已到现场查看，明天安排维修', LIMITS.note)}
              {submitButton('note', '提交进展')}
            </View>
          )}

          {open === 'answer' && (
            <View>
              {textArea('答复内容（会发给群众）', '说清楚怎么办的、结果如何', LIMITS.answer)}
              <Text className='field__label'>现场照片（可选，最多{LIMITS.maxPhotos}张）</Text>
              <View className='photos'>
                {photos.map((p, i) => (
                  <View className='photo' key={p.path}>
                    <Image className='photo__img' src={p.path} mode='aspectFill' ariaLabel={`现场照片 ${i + 1}`} nativeProps={{ alt: `现场照片 ${i + 1}` }} />
                    {busy === null && (
                      <Text className='photo__remove' onClick={() => setPhotos(photos.filter((_, j) => j !== i))}>
                        删除
                      </Text>
                    )}
                  </View>
                ))}
              </View>
              <View className='actions'>
                <Button className='btn btn--plain' disabled={busy !== null || photos.length >= LIMITS.maxPhotos} onClick={() => void addPhotos()}>
                  添加照片
                </Button>
                {submitButton('answer', '提交答复')}
              </View>
            </View>
          )}

          {open === 'extension' && (
            <View>
              <View className='field'>
                <Text className='field__label'>延期几个工作日（1到10，已延期{detail.extendedWorkdays}天）</Text>
                <Input className='field__input' type='number' value={workdays} maxlength={2} onInput={(e) => setWorkdays(e.detail.value)} />
              </View>
              {textArea('延期原因', '例如：需要等材料到货', LIMITS.reason)}
              {submitButton('extension', '提交申请')}
            </View>
          )}

          {open === 'return' && (
            <View>
              {textArea('退回原因', '例如：不属于本单位职责，应由某某单位办理', LIMITS.reason)}
              {submitButton('return', '确认退回', true)}
            </View>
          )}

          {open === 'reject' && (
            <View>
              {textArea('无效原因', '例如：重复反映、内容不清', LIMITS.reason)}
              {submitButton('reject', '确认无效', true)}
            </View>
          )}

          {open === 'classify' && (
            <View>
              {doubt && (
                <View className='notice' role='note'>
                  <Text className='notice__text'>{doubt.message}</Text>
                  {doubt.alternatives.length > 0 && (
                    <View className='chips'>
                      {doubt.alternatives.map((a) => (
                        <Text key={a.code} className='chip' onClick={() => setSubItem(a.code)}>
                          {a.label}
                        </Text>
                      ))}
                    </View>
                  )}
                </View>
              )}
              {picker('诉求类型', KINDS, kind, (code) => setKind(code as CaseKind))}
              {subItems.length > 0 ? (
                picker('分类', subItems, subItem, setSubItem)
              ) : (
                <Text className='staff__muted'>分类表没有加载出来，请刷新</Text>
              )}
              {picker('紧急程度', URGENCIES, urgency, (code) => setUrgency(code as Urgency))}
              {submitButton('classify', '保存分类')}
            </View>
          )}

          {open === 'assign' && (
            <View>
              {choices ? (
                <View>
                  <UnitPicker
                    label='承办单位'
                    units={choices.units}
                    suggestion={choices.suggestion}
                    value={unitId}
                    onPick={(u) => {
                      setUnitId(u);
                      setCoUnitIds(coUnitIds.filter((x) => x !== u));
                    }}
                  />
                  <Text className='field__label'>协办单位（可选）</Text>
                  <View className='chips'>
                    {coUnitIds.map((u) => (
                      <Text key={u} className='chip' onClick={() => setCoUnitIds(coUnitIds.filter((x) => x !== u))}>
                        {unitName(u)} ✕
                      </Text>
                    ))}
                  </View>
                  {addingCoUnit ? (
                    <UnitPicker
                      label='添加协办单位'
                      units={choices.units.filter((u) => u.id !== unitId && !coUnitIds.includes(u.id))}
                      value={null}
                      onPick={(u) => {
                        setCoUnitIds([...coUnitIds, u]);
                        setAddingCoUnit(false);
                      }}
                    />
                  ) : (
                    <Button className='btn btn--plain' onClick={() => setAddingCoUnit(true)}>
                      ＋ 添加协办单位
                    </Button>
                  )}
                </View>
              ) : (
                <Text className='staff__muted'>单位列表没有加载出来，请刷新</Text>
              )}
              <View className='field' />
              {submitButton('assign', '确认转办')}
            </View>
          )}

          {open === 'revisit' && (
            <View>
              {picker('满意度', RATINGS, rating, setRating)}
              {picker('解决了吗', SOLVED, solved, setSolved)}
              {textArea('备注（可不填）', '例如：群众说路灯已经亮了', LIMITS.note)}
              {submitButton('revisit', '提交回访')}
            </View>
          )}

          {open === 'decide_extension' &&
            pending.map((e) => (
              <View className='row' key={e.id}>
                <Text>申请延期 {e.workdays} 个工作日</Text>
                <Text className='row__text'>原因：{e.reason}</Text>
                <Text className='staff__muted'>申请时间 {formatChinaDateTime(e.createdAt) ?? ''}</Text>
                <View className='actions'>
                  <Button
                    className='btn'
                    disabled={busy !== null}
                    loading={busy === `approve:${e.id}`}
                    onClick={() => void run(`approve:${e.id}`, 'decide_extension', () => staffApi.decideExtension(id, e.id, true))}
                  >
                    同意
                  </Button>
                  <Button
                    className='btn btn--danger'
                    disabled={busy !== null}
                    loading={busy === `refuse:${e.id}`}
                    onClick={() => void run(`refuse:${e.id}`, 'decide_extension', () => staffApi.decideExtension(id, e.id, false))}
                  >
                    不同意
                  </Button>
                </View>
              </View>
            ))}
        </View>
      )}

      {pending.length > 0 && !actions.includes('decide_extension') && (
        <Text className='staff__muted'>延期申请正在等待审批</Text>
      )}

      {convenes(getStaffRole()) && isOpenCase(detail.status) && (
        <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: `/pages/staff/joint/new?caseId=${encodeURIComponent(detail.id)}` })}>
          召开联席会议
        </Button>
      )}

      <Text className='staff__sub'>附件（{detail.attachments.length}）</Text>
      <View className='panel'>
        <MediaList
          items={detail.attachments.map((a) => ({ id: a.id, kind: a.kind, label: attachmentLabel(a), ready: a.status === 'stored' }))}
          request={(attachmentId) => staffApi.attachmentRequest(id, attachmentId)}
          onError={fail}
        />
      </View>

      <Text className='staff__sub'>办理记录</Text>
      <View className='panel'>
        {detail.timeline.map((t, i) => (
          <View className='timeline__item' key={`${t.at}-${i}`}>
            <Text className='staff__muted'>
              {formatChinaDateTime(t.at) ?? ''} {actorOf(t)}
            </Text>
            <Text>
              {t.actionLabel} → {t.toStatusLabel}
            </Text>
            {t.note && <Text className='staff__muted'>{t.note}</Text>}
          </View>
        ))}
      </View>

      <Button className='btn btn--plain' disabled={loading || busy !== null} onClick={() => void load()}>
        {loading ? '正在刷新…' : '刷新'}
      </Button>
    </View>
  );
}

/** Who took a step: 「八台镇 承办人 张承办」, 「群众」, 「系统」. */
function actorOf(t: CaseDetail['timeline'][number]): string {
  const person = t.actorName ?? (t.actorKind === 'system' ? '系统' : t.actorKind === 'resident' ? '群众' : '');
  return [t.actorUnitName, t.actorRoleLabel, person].filter(Boolean).join(' ');
}

/** The point the resident gave, for the map; the server sends { lat, lng, label }. */
function pointOf(location: unknown): { lat: number; lng: number } | null {
  const l = location as { lat?: unknown; lng?: unknown } | null | undefined;
  return l && typeof l.lat === 'number' && typeof l.lng === 'number' ? { lat: l.lat, lng: l.lng } : null;
}
