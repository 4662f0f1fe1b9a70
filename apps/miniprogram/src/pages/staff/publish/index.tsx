import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getToken, staffApi } from '../../../api/client';
import type { LeagueGroup, LeagueWeek, Publication } from '../../../api/staff';
import { GROUP_LABELS, lastWeek, publicationOf, publicationStage, shiftWeek, STAGE_LABELS, weekLabel } from '../../../staff/league';
import { formatChinaDateTime } from '../../../utils/format';
import LeagueTables from '../LeagueTables';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

const GROUPS: LeagueGroup[] = ['town', 'department'];

/**
 * 红黑榜审定发布 (民声直达办公室): every Monday, last week's list as a draft → 审定 (frozen from then
 * on) → 发布 on the Official Account as an article with the two tables as pictures, previewed here
 * as the server draws them; each ranked unit's leader is told their line by the server.
 */
export default function PublishLeague() {
  const router = useRouter();
  const [week, setWeek] = useState<string>(router.params.week || lastWeek());
  const [list, setList] = useState<LeagueWeek | null>(null);
  const [publication, setPublication] = useState<Publication | null>(null);
  const [pictures, setPictures] = useState<Partial<Record<LeagueGroup, string>>>({});
  const [busy, setBusy] = useState<'approve' | 'publish' | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const seq = useRef(0);

  async function picture(w: string, group: LeagueGroup): Promise<string | undefined> {
    const { url, header } = staffApi.leaguePicture(w, group);
    try {
      const res = await Taro.downloadFile({ url, header });
      return res.statusCode === 200 ? res.tempFilePath : undefined;
    } catch {
      return undefined;
    }
  }

  async function load(w = week) {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    const mine = ++seq.current;
    const [res, pubs] = await Promise.all([staffApi.leagueWeek(w), staffApi.publications()]);
    if (mine !== seq.current) return;
    if (!res.ok) {
      setList(null);
      setError(res.message);
      return;
    }
    setError(pubs.ok ? '' : pubs.message);
    setList(res.data);
    setPublication(pubs.ok ? publicationOf(pubs.data, w) : null);
    const [town, department] = await Promise.all(GROUPS.map((g) => picture(w, g)));
    if (mine === seq.current) setPictures({ town, department });
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const go = (step: number) => {
    const next = shiftWeek(week, step);
    setWeek(next);
    setList(null);
    setPublication(null);
    setPictures({});
    setDone('');
    void load(next);
  };

  async function approve() {
    setBusy('approve');
    const res = await staffApi.approveLeagueWeek(week);
    setBusy(null);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setDone('已审定，榜单不再变动。');
    await load();
  }

  async function publish() {
    setBusy('publish');
    const res = await staffApi.publishLeagueWeek(week);
    setBusy(null);
    if (!res.ok) {
      // The record now says the attempt failed: show it, with WeChat's refusal in words.
      await load();
      setError(res.message);
      return;
    }
    setError('');
    setDone(res.data.published ? '已发布到公众号，各单位负责人会收到本单位的名次。' : '这一周已经发布过，没有重复发送。');
    await load();
  }

  const stage = list ? publicationStage(list, publication) : null;

  return (
    <View className='staff publish' role='main'>
      <BackBar />
      <Heading className='staff__title'>{weekLabel(week)}红黑榜</Heading>
      <View className='actions'>
        <Button className='btn btn--plain' size='mini' disabled={busy !== null} onClick={() => go(-1)}>
          上一周
        </Button>
        <Button className='btn btn--plain' size='mini' disabled={busy !== null || week >= lastWeek()} onClick={() => go(1)}>
          下一周
        </Button>
      </View>
      {list && (
        <Text className='staff__muted'>
          {list.from} 至 {list.to}
        </Text>
      )}
      {list && list.excludedCases.length > 0 && (
        // 防篡改: the office sees which cases the list leaves out before approving it.
        <View className='banner' role='alert'>
          <Text>
            {list.excludedCases.length}件诉求的办理记录未通过防篡改校验，没有计入本榜：{list.excludedCases.map((c) => c.number).join('、')}。请转纪委监委核查。
          </Text>
        </View>
      )}
      {stage && (
        <View className={`stage stage--${stage}`}>
          <Text className='stage__label'>{STAGE_LABELS[stage]}</Text>
          {list?.approvedBy && <Text className='staff__muted'>审定：{list.approvedBy} {formatChinaDateTime(list.approvedAt) ?? ''}</Text>}
          {publication?.publishedAt && <Text className='staff__muted'>发布：{formatChinaDateTime(publication.publishedAt) ?? ''}</Text>}
        </View>
      )}
      <Banner text={error} />
      {done && (
        <View className='banner banner--ok' role='status'>
          <Text>{done}</Text>
        </View>
      )}

      {stage === 'draft' && (
        <Button className='btn' loading={busy === 'approve'} disabled={busy !== null} onClick={() => void approve()}>
          审定这一周的榜单
        </Button>
      )}
      {(stage === 'approved' || stage === 'failed') && (
        <Button className='btn' loading={busy === 'publish'} disabled={busy !== null} onClick={() => void publish()}>
          发布到公众号
        </Button>
      )}
      {stage === 'publishing' && (
        <Button className='btn btn--plain' disabled={busy !== null} onClick={() => void load()}>
          刷新发布结果
        </Button>
      )}

      {list && <Text className='staff__sub'>公众号文章里的图片</Text>}
      {list &&
        GROUPS.map((g) => {
          const src = pictures[g];
          const alt = `${GROUP_LABELS[g]}红黑榜图片`;
          return src ? (
            <Image
              key={g}
              className='publish__picture'
              src={src}
              mode='widthFix'
              showMenuByLongpress
              onClick={() => void Taro.previewImage({ urls: [src], current: src })}
              ariaLabel={alt}
              nativeProps={{ alt }}
            />
          ) : (
            <Text key={g} className='staff__empty'>
              正在生成{GROUP_LABELS[g]}图片…
            </Text>
          );
        })}
      {list && <Text className='staff__muted'>点图片可以放大看；长按可以保存，自行发布时用。</Text>}

      {list && <LeagueTables week={list} />}
    </View>
  );
}
