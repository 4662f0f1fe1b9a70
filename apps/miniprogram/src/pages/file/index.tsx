import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Picker, Text, Textarea, View } from '@tarojs/components';
import { api, ERROR_MESSAGES, getToken } from '../../api/client';
import Screen from '../../components/Screen';
import Notice from '../../components/Notice';
import NeedLogin from '../../components/NeedLogin';
import { PHOTOS_MAX, TEXT_MAX, composeText, type Draft, type SendOutcome } from '../../services/offline-queue';
import { queue, taroNetwork } from '../../services/offline-taro';
import { choiceName, readSuggestion, shouldSuggest, SUGGEST_DELAY_MS, type Suggestion } from '../../services/suggestion';
import { ROUTES } from '../../utils/nav';

type Result = { kind: 'ok' | 'error' | 'info'; text: string; caseId?: string };

function resultOf(out: SendOutcome): Result {
  if (out.status === 'sent') {
    const photos = out.photosFailed ? `有 ${out.photosFailed} 张照片没传上。` : '';
    return { kind: 'ok', text: `已收到！受理编号 ${out.case.number}。${photos}`, caseId: out.case.id };
  }
  if (out.status === 'queued') {
    const login = out.reason === ERROR_MESSAGES.unauthorized ? '请重新登录，' : '';
    return { kind: 'info', text: `已保存在手机上，${login}有网后会自动发送，不会重复。` };
  }
  return { kind: 'error', text: out.reason };
}

export default function FileCase() {
  const [draft, setDraft] = useState<Draft>(() => queue.loadDraft());
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

  // Suggest a category while the resident types: 600 ms after the last key, online only.
  useEffect(() => {
    const text = draft.text;
    if (!shouldSuggest(text)) {
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
  }, [draft.text]);

  function update(patch: Partial<Draft>) {
    setResult(null);
    setDraft((d) => ({ ...d, ...patch }));
  }

  async function pickPhotos() {
    const room = PHOTOS_MAX - draft.photos.length;
    if (room <= 0) return;
    try {
      const res = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      update({ photos: [...draft.photos, ...res.tempFilePaths].slice(0, PHOTOS_MAX) });
    } catch {
      // cancelled
    }
  }

  async function pickLocation() {
    try {
      if (process.env.TARO_ENV === 'weapp') {
        const loc = await Taro.chooseLocation({});
        const text = [loc.name, loc.address].filter(Boolean).join('，');
        if (text) update({ location: text });
        return;
      }
      const loc = await Taro.getLocation({ type: 'gcj02' });
      update({ location: `经度 ${loc.longitude.toFixed(5)}，纬度 ${loc.latitude.toFixed(5)}` });
    } catch {
      setResult({ kind: 'error', text: '没拿到位置。可以直接在上面写清楚地方。' });
    }
  }

  async function submit() {
    if (busy) return;
    setBusy(true);
    setResult(null);
    try {
      const out = await queue.submit(draft);
      setResult(resultOf(out));
      if (out.status !== 'failed') {
        setDraft(queue.loadDraft()); // a fresh draft with a new key
        setSuggestion(null);
        picked.current = false;
      }
    } finally {
      setBusy(false);
      setWaiting(queue.pending().length);
    }
  }

  const length = composeText(draft.text, draft.location).length;

  if (!signedIn) {
    return (
      <Screen>
        <NeedLogin text='请先登录，再反映问题。' />
      </Screen>
    );
  }

  return (
    <Screen>
      <Text className='title'>我要反映</Text>
      {waiting > 0 && <Notice kind='info' text={`有 ${waiting} 条还没发出去，有网后会自动发送。`} />}

      <View className='card'>
        <Text className='field__label'>什么事？在哪里？（必填）</Text>
        <Textarea
          className='field__textarea'
          value={draft.text}
          maxlength={TEXT_MAX}
          placeholder='例如：村口的路灯坏了三天了'
          placeholderClass='field__placeholder'
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

        <Text className='field__label'>照片（最多 {PHOTOS_MAX} 张）</Text>
        <View className='photos'>
          {draft.photos.map((p, i) => (
            <View className='photo' key={p}>
              <Image className='photo__img' src={p} mode='aspectFill' />
              <Text className='photo__remove' onClick={() => update({ photos: draft.photos.filter((_, j) => j !== i) })}>
                删
              </Text>
            </View>
          ))}
        </View>
        {draft.photos.length < PHOTOS_MAX && (
          <Button className='btn' onClick={pickPhotos}>
            拍照或选照片
          </Button>
        )}

        <Text className='field__label'>位置</Text>
        {draft.location ? <Text className='text'>{draft.location}</Text> : <Text className='muted'>还没选位置（可不选）</Text>}
        <View className='btn-row'>
          <Button className='btn' onClick={pickLocation}>
            选位置
          </Button>
          {draft.location && (
            <Button className='btn' onClick={() => update({ location: '' })}>
              不要位置
            </Button>
          )}
        </View>

        <Button className='btn btn--primary' disabled={busy} loading={busy} onClick={submit}>
          {busy ? '正在提交…' : '提交'}
        </Button>
      </View>

      {result && <Notice kind={result.kind} text={result.text} />}
      {result?.caseId && (
        <Button className='btn' onClick={() => Taro.navigateTo({ url: ROUTES.caseDetail(result.caseId as string) })}>
          看办理进度
        </Button>
      )}
    </Screen>
  );
}
