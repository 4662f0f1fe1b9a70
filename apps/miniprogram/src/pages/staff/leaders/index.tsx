import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getRole, getToken, staffApi } from '../../../api/client';
import type { Heatmap, WarningSummary } from '../../../api/staff';
import { PERIODS, periodOf, topColumnLines, topPlaceLines } from '../../../staff/heatmap';
import { indicatorCards, indicatorWindows, type IndicatorCard } from '../../../staff/indicators';
import { warningBadge } from '../../../staff/warnings';
import { ROUTES } from '../../../utils/nav';
import UnitStanding from '../UnitStanding';
import IndicatorCards from './IndicatorCards';
import '../staff.scss';
import './index.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

type PictureView = 'grid' | 'map';

/** Open warnings shown on the home page; the rest are on the warnings page. */
const HOME_WARNINGS = 3;

/**
 * Leaders' home (领导首页), in large type for the phone: their unit's place on the newest 红黑榜, the
 * warnings waiting for them, their scope's indicators over four weeks against the four before (the
 * server narrows a unit's leader to their unit), and the heat map of demands as the server's picture
 * and as a list: where demands come from most, and about what. Tap the picture to zoom.
 */
export default function LeadersHome() {
  const [cards, setCards] = useState<IndicatorCard[] | null>(null);
  const [warnings, setWarnings] = useState<{ items: WarningSummary[]; total: number } | null>(null);
  const [overviewError, setOverviewError] = useState('');
  const [refreshKey, setRefreshKey] = useState(0);

  async function loadOverview() {
    if (!getToken()) return;
    setRefreshKey((k) => k + 1);
    const { current, previous } = indicatorWindows();
    const query = { period: 'week', groupBy: 'none' } as const;
    const [cur, prev, warn] = await Promise.all([
      staffApi.indicators({ ...current, ...query }),
      staffApi.indicators({ ...previous, ...query }),
      staffApi.warnings({ open: true, limit: HOME_WARNINGS }),
    ]);
    const failed = [cur, prev, warn].find((r) => !r.ok);
    setOverviewError(failed && !failed.ok ? failed.message : '');
    if (cur.ok && prev.ok) setCards(indicatorCards(cur.data, prev.data));
    if (warn.ok) setWarnings(warn.data);
  }

  const [days, setDays] = useState<number>(30);
  const [view, setView] = useState<PictureView>('grid');
  const [data, setData] = useState<Heatmap | null>(null);
  const [picture, setPicture] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const seq = useRef(0);

  async function load(nextDays = days, nextView = view) {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    const mine = ++seq.current;
    setLoading(true);
    setError('');
    const period = periodOf(nextDays);
    const [res, file] = await Promise.all([staffApi.heatmap(period), downloadPicture(period, nextView)]);
    if (mine !== seq.current) return; // a newer choice is loading
    setLoading(false);
    if (res.ok) setData(res.data);
    else setError(res.message);
    setPicture(file);
    if (!file && res.ok) setError('热力图图片没有加载出来，请下拉刷新再试');
  }

  async function downloadPicture(period: { from: string; to: string }, v: PictureView): Promise<string | null> {
    const { url, header } = staffApi.heatmapPicture(period, v);
    try {
      const res = await Taro.downloadFile({ url, header });
      return res.statusCode === 200 ? res.tempFilePath : null;
    } catch {
      return null;
    }
  }

  useDidShow(() => {
    void loadOverview();
    void load();
  });
  usePullDownRefresh(() => {
    void Promise.all([loadOverview(), load()]).finally(() => Taro.stopPullDownRefresh());
  });

  const pick = (d: number) => {
    setDays(d);
    void load(d, view);
  };
  const switchView = (v: PictureView) => {
    setView(v);
    void load(days, v);
  };
  const places = data ? topPlaceLines(data) : [];
  const columns = data ? topColumnLines(data) : [];
  const role = getRole();
  const isDispatcher = role === 'dispatcher';
  const isInspector = role === 'inspector';
  // Units are ranked; the office and city leaders read the whole list instead.
  const ranked = role === 'unit_leader' || role === 'handler';

  return (
    <View className='staff leaders' role='main'>
      <BackBar />
      <Heading className='staff__title'>领导首页</Heading>
      {isInspector && (
        <View className='actions'>
          <Button className='btn' onClick={() => void Taro.navigateTo({ url: '/pages/staff/supervision/index' })}>
            督办清单
          </Button>
          <Button className='btn' onClick={() => void Taro.navigateTo({ url: '/pages/staff/flags/index' })}>
            异常线索
          </Button>
        </View>
      )}
      {(role === 'unit_leader' || role === 'city_leader') && (
        <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: '/pages/staff/supervision/index' })}>
          {role === 'unit_leader' ? '本单位督办事项' : '督办清单'}
        </Button>
      )}
      {role === 'unit_leader' && (
        <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: '/pages/staff/joint/tasks' })}>
          联席会议任务
        </Button>
      )}
      <Banner text={overviewError} />

      {ranked && <UnitStanding refreshKey={refreshKey} />}
      <View className='actions'>
        <Button className='btn' onClick={() => void Taro.navigateTo({ url: '/pages/staff/league/index' })}>
          看红黑榜
        </Button>
        {isDispatcher && (
          <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: '/pages/staff/publish/index' })}>
            审定发布红黑榜
          </Button>
        )}
      </View>

      <Text className='staff__sub'>要处理的预警{warnings && warnings.total > 0 ? `（${warnings.total}条）` : ''}</Text>
      {warnings && warnings.items.length === 0 && <Text className='staff__empty'>没有未办结的预警</Text>}
      {(warnings?.items ?? []).map((w) => {
        const badge = warningBadge(w.level);
        return (
          <View key={w.id} className='row' hoverClass='none' onClick={() => Taro.navigateTo({ url: `/pages/staff/warnings/detail?id=${encodeURIComponent(w.id)}` })}>
            <View className='row__head'>
              {badge && <Text className={`${badge.className} warn--large`}>{badge.label}</Text>}
              <Text className='status'>{w.statusLabel}</Text>
            </View>
            <Text className='row__text leaders__warning'>{w.summary}</Text>
          </View>
        );
      })}
      {warnings && (
        <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: '/pages/staff/warnings/index' })}>
          查看全部预警
        </Button>
      )}

      <Text className='staff__sub'>近四周主要指标</Text>
      <Text className='staff__muted'>含本周，和前四周比；绿色变好，红色变差。</Text>
      {cards ? <IndicatorCards cards={cards} /> : <Text className='staff__empty'>正在加载…</Text>}

      <Text className='staff__sub'>民生诉求热力图</Text>
      <Banner text={error} />

      <View className='actions'>
        {PERIODS.map((p) => (
          <Button key={p.days} className={`btn ${days === p.days ? 'btn--active' : 'btn--plain'}`} onClick={() => pick(p.days)} disabled={loading}>
            {p.label}
          </Button>
        ))}
      </View>

      {data && (
        <View className='panel'>
          <Text className='leaders__total'>共 {data.total} 件诉求</Text>
          <Text className='staff__muted'>
            {data.query.from} 至 {data.query.to}
          </Text>
        </View>
      )}

      <View className='actions'>
        <Button className={`btn ${view === 'grid' ? 'btn--active' : 'btn--plain'}`} onClick={() => switchView('grid')} disabled={loading}>
          按乡镇看
        </Button>
        <Button className={`btn ${view === 'map' ? 'btn--active' : 'btn--plain'}`} onClick={() => switchView('map')} disabled={loading}>
          按位置看
        </Button>
      </View>
      {picture ? (
        <Image
          className='leaders__picture'
          src={picture}
          mode='widthFix'
          showMenuByLongpress
          onClick={() => void Taro.previewImage({ urls: [picture], current: picture })}
          ariaLabel={view === 'grid' ? '各乡镇各类诉求数量热力图' : '各村诉求分布图'}
          nativeProps={{ alt: view === 'grid' ? '各乡镇各类诉求数量热力图' : '各村诉求分布图' }}
        />
      ) : (
        <Text className='staff__empty'>{loading ? '正在生成热力图…' : '暂无图片'}</Text>
      )}
      <Text className='staff__muted'>点图片可以放大看；长按可以保存。</Text>

      <Text className='staff__sub'>诉求最多的地方</Text>
      {places.length === 0 && <Text className='staff__empty'>{loading ? '正在加载…' : '这段时间没有诉求'}</Text>}
      {places.map((p, i) => (
        <View key={p.key} className='leaders__line'>
          <Text className='leaders__rank'>{i + 1}</Text>
          <View className='leaders__what'>
            <Text className='leaders__place'>{p.place}</Text>
            {p.about && <Text className='staff__muted'>{p.about}</Text>}
          </View>
          <Text className='leaders__count'>{p.count}</Text>
        </View>
      ))}

      <Text className='staff__sub'>诉求最多的类别</Text>
      {columns.map((c) => (
        <View key={c.key} className='leaders__line'>
          <View className='leaders__what'>
            <Text className='leaders__place'>{c.name}</Text>
            <Text className='staff__muted'>{c.share}</Text>
          </View>
          <Text className='leaders__count'>{c.count}</Text>
        </View>
      ))}

      <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: '/pages/staff/sit-next/index' })}>
        下一场板凳会坐哪里
      </Button>
      {!isDispatcher && (
        <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: ROUTES.staffHome('dispatcher') })}>
          查看案件
        </Button>
      )}
    </View>
  );
}
