import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../components/Button';
import { api, getToken, isStaff, messageOf, type ResidentCase, type RevisitRating } from '../../api/client';
import Screen from '../../components/Screen';
import MediaList from '../../components/MediaList';
import { mediaItems } from '../../utils/media';
import Notice from '../../components/Notice';
import NeedLogin from '../../components/NeedLogin';
import PlaceLine from '../../components/PlaceLine';
import { formatChinaDateTime } from '../../utils/format';
import { REVISIT_LABELS, ROUTES, answerText } from '../../utils/nav';
import Heading from '../../components/Heading';

/** Cases a member of staff wrote down for the resident (hotline, walk-in, bench meeting). */
const STAFF_CHANNELS: Record<string, string> = { phone: '热线电话', walk_in: '上门', bench_meeting: '板凳会' };

/** 满意，问题已解决 — the resident's own answer at the revisit. */
function ratingText(rating: RevisitRating, solved: boolean | null): string {
  const label = REVISIT_LABELS.find((r) => r.rating === rating)?.label ?? rating;
  return solved === null ? label : `${label}，${solved ? '问题已解决' : '问题没有解决'}`;
}

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
      // The page scrolls inside its own container on h5: bring the thanks and the rating into view.
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
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
      <Heading className='title'>办理进度</Heading>
      {error && <Notice kind='error' text={error} />}
      {!item && !error && <Text className='muted'>正在加载…</Text>}
      {item && (
        <View>
          <View className='card'>
            <View className='row'>
              <Text className='row__label'>受理编号</Text>
              {/* A number read out on the phone: moved to the next line whole, never broken. */}
              <Text className='row__value nowrap'>{item.number}</Text>
            </View>
            <View className='row'>
              <Text className='row__label'>办理情况</Text>
              <Text className='row__value status'>{item.statusLabel}</Text>
            </View>
            <View className='row'>
              <Text className='row__label'>办结时限</Text>
              <Text className='row__value row__value--time'>{formatChinaDateTime(item.closeBy) ?? '暂无'}</Text>
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

          {thanks && <Notice kind='ok' text={thanks} />}
          <View className='card'>
            <Text className='card__title'>答复</Text>
            <Text className='text'>{answer ?? '还没有答复，请耐心等待。'}</Text>
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
          {item.revisitRating && item.status !== 'revisiting' && (
            <View className='card'>
              <Text className='card__title'>您的评价</Text>
              <Text className='text'>{ratingText(item.revisitRating, item.revisitSolved)}</Text>
            </View>
          )}
          {item.media.length > 0 && (
            <View className='card'>
              <Text className='card__title'>照片、录音和视频</Text>
              <MediaList items={mediaItems(item.media)} request={(mediaId) => api.mediaRequest(id, mediaId)} onError={setError} />
            </View>
          )}

          <View className='card'>
            <Text className='card__title'>办理经过</Text>
            {item.steps.length === 0 && <Text className='muted'>暂无</Text>}
            {item.steps.map((s, i) => (
              <View className='timeline__item' key={`${s.at ?? ''}-${i}`}>
                <Text className='timeline__label'>{s.label ?? ''}</Text>
                {/* Who took the step: the unit, never the person. */}
                <Text className='muted'>
                  {s.unitName && `${s.unitName} · `}
                  {/* A time is read whole: the line breaks after the unit, not inside the date. */}
                  <Text className='nowrap'>{formatChinaDateTime(s.at) ?? ''}</Text>
                </Text>
              </View>
            ))}
          </View>
        </View>
      )}
    </Screen>
  );
}
