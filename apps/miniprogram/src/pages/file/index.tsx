import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Picker, Text, Textarea, Video, View } from '@tarojs/components';
import Button from '../../components/Button';
import { api, ERROR_MESSAGES, getToken } from '../../api/client';
import Screen, { useElder } from '../../components/Screen';
import Notice from '../../components/Notice';
import NeedLogin from '../../components/NeedLogin';
import { useAudio } from '../../components/use-audio';
import {
  PHOTOS_MAX,
  TEXT_MAX,
  VIDEO_MAX_BYTES,
  VOICES_MAX,
  type Draft,
  type SendOutcome,
  type UploadKind,
  type UploadProgress,
  type VoiceClip,
} from '../../services/offline-queue';
import { keepFile, queue, releaseFile, taroNetwork } from '../../services/offline-taro';
import { MIN_VOICE_MS, secondsText, TOO_SHORT, voiceRecorder } from '../../services/recorder';
import { choiceName, readSuggestion, shouldSuggest, SUGGEST_DELAY_MS, type Suggestion } from '../../services/suggestion';
import { ROUTES } from '../../utils/nav';
import { formatChinaDateTime } from '../../utils/format';
import Heading from '../../components/Heading';

type Result = { kind: 'ok' | 'error' | 'info'; text: string; filed?: { id: string; number: string; queryCode: string | null; closeBy: string | null; lifeAtRiskAdvice: string | null } };

const KIND_NAMES: Record<UploadKind, string> = { photo: '照片', voice: '录音', video: '视频' };

function resultOf(out: SendOutcome): Result {
  if (out.status === 'sent') {
    const failed = out.failedUploads.length ? `有 ${out.failedUploads.length} 个${out.failedUploads.map((k) => KIND_NAMES[k]).join('、')}没传上。` : '';
    return {
      kind: 'ok',
      text: failed,
      filed: { id: out.case.id, number: out.case.number, queryCode: out.case.queryCode ?? null, closeBy: formatChinaDateTime(out.case.closeBy), lifeAtRiskAdvice: out.case.lifeAtRiskAdvice ?? null },
    };
  }
  if (out.status === 'queued') {
    const login = out.reason === ERROR_MESSAGES.unauthorized ? '请重新登录，' : '';
    return { kind: 'info', text: `已保存在手机上，${login}有网后会自动发送，不会重复。` };
  }
  return { kind: 'error', text: out.reason };
}

function progressText(p: UploadProgress): string {
  return `正在上传${KIND_NAMES[p.kind]}（第 ${p.index} 个，共 ${p.total} 个）${p.percent > 0 ? ` ${p.percent}%` : ''}`;
}

const HERE = '已记下您现在的位置（提交后会写上是哪个镇、哪个村）';

function placeText(place: Draft['place']): string {
  if (!place) return '';
  // A browser gives only a point: numbers nobody can read. The server names the town and village once filed.
  return place.label || HERE;
}

export default function FileCase() {
  const [elder] = useElder();
  const [draft, setDraft] = useState<Draft>(() => queue.loadDraft());
  const [recording, setRecording] = useState(false);
  const [recordStart, setRecordStart] = useState(0);
  const [now, setNow] = useState(0);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const audio = useAudio();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [waiting, setWaiting] = useState(() => queue.pending().length);
  const signedIn = Boolean(getToken());
  const first = useRef(true);
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  // Once the resident picks a category, a later suggestion no longer replaces it.
  const picked = useRef(Boolean(draft.subItem));

  // Save the draft as the resident types; it survives closing the app.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    queue.saveDraft(draft);
  }, [draft]);

  useEffect(() => queue.onOutcome(() => setWaiting(queue.pending().length)), []);
  useEffect(() => queue.onProgress(setProgress), []);

  // The seconds counter while recording; the recorder stops by itself at 60 s.
  useEffect(() => {
    if (!recording) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [recording]);

  useEffect(() => {
    voiceRecorder().onAutoStop((clip) => {
      setRecording(false);
      void addVoice(clip);
    });
  }, []);

  // Suggest a category while the resident types: 600 ms after the last key, online only.
  useEffect(() => {
    const text = draft.text;
    if (!signedIn || !shouldSuggest(text)) {
      setSuggestion(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void (async () => {
        try {
          if (!(await taroNetwork.isOnline())) return;
          const s = readSuggestion(await api.suggest(text.trim()));
          if (!live) return;
          setSuggestion(s);
          if (s && !picked.current) setDraft((d) => ({ ...d, subItem: s.subItem ?? undefined }));
        } catch {
          if (live) setSuggestion(null);
        }
      })();
    }, SUGGEST_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [draft.text, signedIn]);

  function update(patch: Partial<Draft>) {
    setResult(null);
    setDraft((d) => ({ ...d, ...patch }));
  }

  async function pickPhotos() {
    const room = PHOTOS_MAX - draft.photos.length;
    if (room <= 0) return;
    try {
      const res = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      const kept = await Promise.all(res.tempFilePaths.map(keepFile));
      setDraft((d) => ({ ...d, photos: [...d.photos, ...kept].slice(0, PHOTOS_MAX) }));
    } catch {
      // cancelled
    }
  }

  function removePhoto(i: number) {
    releaseFile(draft.photos[i]);
    update({ photos: draft.photos.filter((_, j) => j !== i) });
  }

  /** Keeps a finished recording in the draft; returns it as kept (null when too short). */
  async function addVoice(clip: VoiceClip): Promise<VoiceClip | null> {
    if (clip.durationMs < MIN_VOICE_MS) {
      setResult({ kind: 'error', text: TOO_SHORT });
      return null;
    }
    const kept = { path: await keepFile(clip.path), durationMs: clip.durationMs };
    setResult(null);
    setDraft((d) => (d.voices.length >= VOICES_MAX ? d : { ...d, voices: [...d.voices, kept] }));
    return kept;
  }

  /** Stops the recording under way and keeps it; null when it was too short or failed. */
  async function stopRecording(): Promise<VoiceClip | null> {
    setRecording(false);
    try {
      return await addVoice(await voiceRecorder().stop());
    } catch (err) {
      setResult({ kind: 'error', text: (err as Error).message });
      return null;
    }
  }

  async function toggleRecording() {
    if (recording) {
      await stopRecording();
      return;
    }
    if (draft.voices.length >= VOICES_MAX) return;
    setResult(null);
    try {
      await voiceRecorder().start();
      setRecordStart(Date.now());
      setNow(Date.now());
      setRecording(true);
    } catch (err) {
      setResult({ kind: 'error', text: (err as Error).message });
    }
  }

  function playVoice(clip: VoiceClip) {
    if (audio.playing === clip.path) audio.stop();
    else audio.play(clip.path, clip.path);
  }

  function removeVoice(i: number) {
    audio.stop();
    releaseFile(draft.voices[i].path);
    update({ voices: draft.voices.filter((_, j) => j !== i) });
  }

  async function pickVideo() {
    try {
      const res = await Taro.chooseVideo({ sourceType: ['album', 'camera'], maxDuration: 60, compressed: true });
      if (res.size && res.size > VIDEO_MAX_BYTES) {
        setResult({ kind: 'error', text: '视频太大了，请拍短一点（一分钟以内）。' });
        return;
      }
      const path = await keepFile(res.tempFilePath);
      update({ video: { path, ...(res.duration ? { durationMs: Math.round(res.duration * 1000) } : {}), ...(res.size ? { sizeBytes: res.size } : {}) } });
    } catch {
      // cancelled
    }
  }

  function removeVideo() {
    if (draft.video) releaseFile(draft.video.path);
    update({ video: null });
  }

  async function pickLocation() {
    try {
      if (process.env.TARO_ENV === 'weapp') {
        const loc = await Taro.chooseLocation({});
        const label = [loc.name, loc.address].filter(Boolean).join('，') || null;
        update({ place: { lat: loc.latitude, lng: loc.longitude, label } });
        return;
      }
      // Browsers give GPS (WGS-84) coordinates only; Taro's h5 getLocation refuses gcj02. The
      // ~500 m between the two does not change which town a point falls in.
      const loc = await Taro.getLocation({ type: 'wgs84' });
      update({ place: { lat: loc.latitude, lng: loc.longitude, label: null } });
    } catch {
      setResult({ kind: 'error', text: '没拿到位置。可以直接在上面写清楚地方。' });
    }
  }

  async function submit() {
    if (busy) return;
    // Submitting while recording sends the recording too (the draft state updates too late for this call).
    let toSend = draft;
    if (recording) {
      const clip = await stopRecording();
      if (clip && draft.voices.length < VOICES_MAX) toSend = { ...draft, voices: [...draft.voices, clip] };
    }
    setBusy(true);
    setResult(null);
    try {
      const out = await queue.submit(toSend);
      setResult(resultOf(out));
      if (out.status !== 'failed') {
        // A fresh draft with a new key: nothing typed later may reuse the filed key.
        queue.clearDraft();
        setDraft(queue.loadDraft());
        setSuggestion(null);
        picked.current = false;
      }
    } finally {
      setBusy(false);
      setProgress(null);
      setWaiting(queue.pending().length);
    }
  }

  const length = draft.text.trim().length;

  const voiceCard = (
    <View className='card recorder'>
      <Text className='field__label'>{elder ? '按一下，说出您要反映的事' : `录音（最多 ${VOICES_MAX} 段，每段一分钟以内）`}</Text>
      {draft.voices.map((v, i) => (
        <View className='clip' key={v.path}>
          <Button className='btn clip__play' onClick={() => playVoice(v)}>
            {audio.playing === v.path ? '停止' : `听第 ${i + 1} 段（${secondsText(v.durationMs)}）`}
          </Button>
          <Button className='btn' onClick={() => removeVoice(i)}>
            删
          </Button>
        </View>
      ))}
      {(recording || draft.voices.length < VOICES_MAX) && (
        <Button className={`btn btn--record ${recording ? 'btn--recording' : elder ? 'btn--primary' : ''}`} onClick={() => void toggleRecording()}>
          {recording ? `正在录音 ${secondsText(now - recordStart)}，说完点一下` : draft.voices.length ? '再录一段' : '点一下，开始说话'}
        </Button>
      )}
    </View>
  );

  if (!signedIn) {
    return (
      <Screen>
        <NeedLogin text='请先登录，再反映问题。' />
      </Screen>
    );
  }

  return (
    <Screen>
      <Heading className='title'>我要反映</Heading>
      {waiting > 0 && <Notice kind='info' text={`有 ${waiting} 条还没发出去，有网后会自动发送。`} />}

      {elder && voiceCard}

      <View className='card'>
        <Text className='field__label'>{elder ? '也可以打字（不会打字就只录音）' : '什么事？在哪里？（打字或录音）'}</Text>
        <Textarea
          className='field__textarea'
          value={draft.text}
          maxlength={TEXT_MAX}
          placeholder='例如：村口的路灯坏了三天了'
          placeholderClass='field__placeholder'
          disabled={busy}
          onInput={(e) => update({ text: e.detail.value })}
        />
        <Text className='field__count'>
          {length}/{TEXT_MAX}
        </Text>

        {suggestion && (
          <Picker
            mode='selector'
            range={suggestion.choices.map((c) => c.name)}
            value={Math.max(0, suggestion.choices.findIndex((c) => c.code === draft.subItem))}
            onChange={(e) => {
              const c = suggestion.choices[Number(e.detail.value)];
              if (!c) return;
              picked.current = true;
              update({ subItem: c.code });
            }}
          >
            <View className='suggest'>
              <Text className='text'>分类：{choiceName(suggestion, draft.subItem) ?? '未定'}（可以改）</Text>
            </View>
          </Picker>
        )}
      </View>

      {!elder && voiceCard}

      <View className='card'>
        <Text className='field__label'>照片（最多 {PHOTOS_MAX} 张）</Text>
        <View className='photos'>
          {draft.photos.map((p, i) => (
            <View className='photo' key={p}>
              <Image className='photo__img' src={p} mode='aspectFill' ariaLabel={`第 ${i + 1} 张照片`} nativeProps={{ alt: `第 ${i + 1} 张照片` }} />
              <Button className='photo__remove' ariaLabel={`删掉第 ${i + 1} 张照片`} onClick={() => removePhoto(i)}>
                删
              </Button>
            </View>
          ))}
        </View>
        {draft.photos.length < PHOTOS_MAX && (
          <Button className='btn' onClick={pickPhotos}>
            拍照或选照片
          </Button>
        )}

        <Text className='field__label'>视频（一段，一分钟以内）</Text>
        {draft.video ? (
          <View>
            <Video className='media__video' src={draft.video.path} controls />
            <View className='clip'>
              <Text className='text'>视频{draft.video.durationMs ? ` ${secondsText(draft.video.durationMs)}` : ''}</Text>
              <Button className='btn' onClick={removeVideo}>
                不要这段视频
              </Button>
            </View>
          </View>
        ) : (
          <Button className='btn' onClick={pickVideo}>
            拍视频或选视频
          </Button>
        )}

        <Text className='field__label'>位置</Text>
        {draft.place ? <Text className='text'>{placeText(draft.place)}</Text> : <Text className='muted'>还没选位置（可不选）</Text>}
        <View className='btn-row'>
          <Button className='btn' onClick={pickLocation}>
            选位置
          </Button>
          {draft.place && (
            <Button className='btn' onClick={() => update({ place: null })}>
              不要位置
            </Button>
          )}
        </View>

        <Button className='btn btn--primary' disabled={busy} loading={busy} onClick={submit}>
          {busy ? '正在提交…' : '提交'}
        </Button>
        {busy && progress && <Text className='progress'>{progressText(progress)}</Text>}
      </View>

      {result && !result.filed && <Notice kind={result.kind} text={result.text} />}
      {/* Read as a danger to life: the emergency numbers first, before the number. */}
      {result?.filed?.lifeAtRiskAdvice && <Notice kind='error' text={result.filed.lifeAtRiskAdvice} />}
      {result?.filed && (
        <Notice kind='ok'>
          {/* The number and the time each kept on one line: a broken number is hard to read out. */}
          <Text className='notice__text'>
            已收到！受理编号 <Text className='nowrap'>{result.filed.number}</Text>
            {result.filed.queryCode && (
              <>
                ，查询码 <Text className='nowrap'>{result.filed.queryCode}</Text>
              </>
            )}
            。
          </Text>
          {result.filed.closeBy && (
            <Text className='notice__text'>
              {'最晚 '}
              <Text className='nowrap'>{result.filed.closeBy}</Text> 前办好。
            </Text>
          )}
          {result.text && <Text className='notice__text'>{result.text}</Text>}
        </Notice>
      )}
      {result?.filed && (
        <Button className='btn' onClick={() => Taro.navigateTo({ url: ROUTES.caseDetail((result.filed as { id: string }).id) })}>
          看办理进度
        </Button>
      )}
    </Screen>
  );
}
