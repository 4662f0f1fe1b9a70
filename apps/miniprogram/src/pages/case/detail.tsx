import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { api, getToken, isStaff, messageOf, type ResidentCase, type RevisitRating } from '../../api/client';
import Screen from '../../components/Screen';
import MediaList from '../../components/MediaList';
import { mediaItems } from '../../utils/media';
import Notice from '../../components/Notice';
import NeedLogin from '../../components/NeedLogin';
import PlaceLine from '../../components/PlaceLine';
import { formatChinaDateTime } from '../../utils/format';
import { REVISIT_LABELS, ROUTES, answerText } from '../../utils/nav';

/** Cases a member of staff wrote down for the resident (hotline, walk-in, bench meeting). */
const STAFF_CHANNELS: Record<string, string> = { phone: '热线电话', walk_in: '上门', bench_meeting: '板凳会' };

export default function CaseDetail() {
  const router = useRouter();
  const id = router.params.id ?? '';
  const [item, setItem] = useState<ResidentCase | null>(null);
  const [error, setError] = useState('');
  const [signedIn, setSignedIn] = useState(Boolean(getToken()));
  const [rating, setRating] = useState<RevisitRating | null>(null);
  const [solved, setSolved] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [thanks, setThanks] = useState('');

  async function load() {
    // Staff opening a template-message link land on the staff page for the same case.
    if (isStaff()) {
      void Taro.redirectTo({ url: ROUTES.staffCase(id) });
      return;
    }
    const has = Boolean(getToken());
    setSignedIn(has);
    if (!has) return;
    if (!id) {
      setError('没有找到这条诉求。');
      return;
    }
    setError('');
    try {
      setItem(await api.myCase(id));
    } catch (err) {
      setError(messageOf(err));
      setSignedIn(Boolean(getToken()));
    }
  }

  useDidShow(() => void load());

  async function sendRevisit() {
    if (!rating || busy) return;
    setBusy(true);
    setError('');
    try {
      setItem(await api.revisit(id, rating, solved ?? undefined));
      setThanks('谢谢您的评价！');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  if (!signedIn) {
    return (
      <Screen>
        <NeedLogin />
      </Screen>
    );
  }

  const answer = item ? answerText(item.answer) : null;

  return (
    <Screen>
      {error && <Notice kind='error' text={error} />}
      {!item && !error && <Text className='muted'>正在加载…</Text>}
      {item && (
        <View>
          <View className='card'>
            <View className='row'>
              <Text className='row__label'>受理编号</Text>
              <Text className='row__value'>{item.number}</Text>
            </View>
            <View className='row'>
              <Text className='row__label'>办理情况</Text>
              <Text className='row__value status'>{item.statusLabel}</Text>
            </View>
            <View className='row'>
              <Text className='row__label'>办结时限</Text>
              <Text className='row__value'>{formatChinaDateTime(item.closeBy) ?? '暂无'}</Text>
            </View>
            <Text className='field__label'>您反映的事</Text>
            <Text className='text'>{item.text}</Text>
            {STAFF_CHANNELS[item.channel] && <Text className='muted'>工作人员代您登记（{STAFF_CHANNELS[item.channel]}）</Text>}
            {item.placeLabel && (
              <View>
                <Text className='field__label'>位置</Text>
                <PlaceLine className='text' label={item.placeLabel} mapUrl={item.mapUrl} point={item.location} />
              </View>
            )}
          </View>

          {item.media.length > 0 && (
            <View className='card'>
              <Text className='card__title'>照片、录音和视频</Text>
              <MediaList items={mediaItems(item.media)} request={(mediaId) => api.mediaRequest(id, mediaId)} onError={setError} />
            </View>
          )}

          <View className='card'>
            <Text className='card__title'>答复</Text>
            <Text className='text'>{answer ?? '还没有答复，请耐心等待。'}</Text>
          </View>

          <View className='card'>
            <Text className='card__title'>办理经过</Text>
            {item.steps.length === 0 && <Text className='muted'>暂无</Text>}
            {item.steps.map((s, i) => (
              <View className='timeline__item' key={`${s.at ?? ''}-${i}`}>
                <Text className='timeline__label'>{s.label ?? ''}</Text>
                {/* Who took the step: the unit, never the person. */}
                <Text className='muted'>{[s.unitName, formatChinaDateTime(s.at)].filter(Boolean).join(' · ')}</Text>
              </View>
            ))}
          </View>

          {item.awaitsRevisit && (
            <View className='card'>
              <Text className='card__title'>请您评价</Text>
              <Text className='field__label'>问题解决了吗？</Text>
              <View className='btn-row'>
                <Button className={`btn ${solved === true ? 'btn--chosen' : ''}`} onClick={() => setSolved(true)}>
                  是
                </Button>
                <Button className={`btn ${solved === false ? 'btn--chosen' : ''}`} onClick={() => setSolved(false)}>
                  否
                </Button>
              </View>
              <Text className='field__label'>您满意吗？</Text>
              {REVISIT_LABELS.map((r) => (
                <Button
                  key={r.rating}
                  className={`btn ${rating === r.rating ? 'btn--chosen' : ''}`}
                  onClick={() => setRating(r.rating)}
                >
                  {r.label}
                </Button>
              ))}
              <Button className='btn btn--primary' disabled={!rating || busy} loading={busy} onClick={sendRevisit}>
                提交评价
              </Button>
            </View>
          )}
          {thanks && <Notice kind='ok' text={thanks} />}
        </View>
      )}
    </Screen>
  );
}
