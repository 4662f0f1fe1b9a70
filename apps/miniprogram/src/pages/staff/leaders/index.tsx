import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getRole, getToken, staffApi } from '../../../api/client';
import type { Heatmap } from '../../../api/staff';
import { PERIODS, periodOf, topColumnLines, topPlaceLines } from '../../../staff/heatmap';
import { ROUTES } from '../../../utils/nav';
import '../staff.scss';
import './index.scss';

type PictureView = 'grid' | 'map';

/**
 * Leaders' home (领导首页): the heat map of demands in their scope (the server narrows a town's
 * leader to their town), as the server's picture and as a list in large type: where demands come
 * from most, and about what. Tap the picture to see it full screen and zoom.
 */
export default function LeadersHome() {
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
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
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
  const isDispatcher = getRole() === 'dispatcher';
  const isInspector = getRole() === 'inspector';

  return (
    <View className='staff leaders' role='main'>
      <BackBar />
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
      {(getRole() === 'unit_leader' || getRole() === 'city_leader') && (
        <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: '/pages/staff/supervision/index' })}>
          {getRole() === 'unit_leader' ? '本单位督办事项' : '督办清单'}
        </Button>
      )}
      <Text className='staff__title'>民生诉求热力图</Text>
      {error && (
        <View className='banner' role='alert'>
          <Text>{error}</Text>
        </View>
      )}

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
