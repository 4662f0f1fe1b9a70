import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import EmergencyAlerts from '../EmergencyAlerts';
import UnitStanding from '../UnitStanding';
import { getSession, getStaffRole, getToken, staffApi } from '../../../api/client';
import { appendPage, type PagedCases } from '../../../staff/paging';
import { slaBadge } from '../../../staff/sla';
import { EMERGENCY_MARK } from '../../../staff/labels';
import { shortText } from '../../../staff/sort';
import { answersTasks } from '../../../staff/joint-meetings';
import type { CaseOrder } from '../../../api/staff';
import { formatChinaDateTime } from '../../../utils/format';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

const PAGE_SIZE = 50;
type Which = 'open' | 'finished';
// The server says which cases are open; most overdue first, as it orders the whole queue: nothing falls off the end.
const LISTS: Record<Which, { open: boolean; order: CaseOrder }> = {
  open: { open: true, order: 'deadline' },
  finished: { open: false, order: 'deadline_desc' },
};

/** The count above the list: what is listed, and how many more the other view shows. */
function countText(open: number, finished: number, showFinished: boolean): string {
  if (showFinished) return `共 ${open + finished} 件，其中在办 ${open} 件`;
  return finished > 0 ? `在办 ${open} 件（另有已办结 ${finished} 件，点“显示已办结”查看）` : `在办 ${open} 件`;
}

/** Handler's queue: the unit's cases (the server scopes and orders them), a page at a time, earliest deadline first. */
export default function StaffQueue() {
  const [open, setOpen] = useState<PagedCases | null>(null);
  const [finished, setFinished] = useState<PagedCases | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [showFinished, setShowFinished] = useState(false);
  // Bumped by every load, so the emergencies above the list reload with it.
  const [alertsKey, setAlertsKey] = useState(0);
  // One request at a time: a second scroll to the bottom must not fetch the same page twice.
  const busy = useRef(false);

  async function fetchPage(which: Which, after: PagedCases | null): Promise<void> {
    const res = await staffApi.listCases(undefined, { ...LISTS[which], cursor: after?.nextCursor, limit: PAGE_SIZE });
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    (which === 'open' ? setOpen : setFinished)(appendPage(after, res.data));
  }

  async function run(work: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    setLoading(true);
    try {
      await work();
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }

  /** From the top again: the open queue, and the first page of finished cases (its total tells the count). */
  async function load() {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    setAlertsKey((k) => k + 1);
    await run(async () => {
      setError('');
      await fetchPage('open', null);
      await fetchPage('finished', null);
    });
  }

  /** The next page: the rest of the open queue first, then finished cases when shown. */
  function more() {
    if (open?.nextCursor) void run(() => fetchPage('open', open));
    else if (showFinished && finished?.nextCursor) void run(() => fetchPage('finished', finished));
  }

  function toggleFinished() {
    const show = !showFinished;
    setShowFinished(show);
    if (show && !finished && getToken()) void run(() => fetchPage('finished', null));
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(more);

  const shown = [...(open?.items ?? []), ...(showFinished ? (finished?.items ?? []) : [])];
  const hasMore = Boolean(open?.nextCursor || (showFinished && finished?.nextCursor));
  const openTotal = open?.total ?? 0;
  const finishedTotal = finished?.total ?? 0;
  const summary = open ? countText(openTotal, finishedTotal, showFinished) : loading ? '正在加载…' : '';
  // A handler sees their unit's cases; a dispatcher comes here from 全部案件.
  const title = getStaffRole() === 'handler' ? '我的案件' : '全部案件';
  // Points and reviews are a village's work: not a department's handlers, not the office.
  const villageWork = ['village', 'town'].includes(getSession()?.unitLevel ?? '') && getStaffRole() !== 'dispatcher';
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title });
  }, [title]);

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>{title}</Heading>
      <Text className='staff__muted'>{summary}</Text>
      {getStaffRole() === 'handler' && <UnitStanding compact refreshKey={alertsKey} />}
      <View className='actions'>
        <Button className='btn btn--plain' size='mini' disabled={loading} onClick={() => void load()}>
          {loading ? '刷新中…' : '刷新'}
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={toggleFinished}>
          {showFinished ? '只看在办' : '显示已办结'}
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/file/index' })}>
          代群众反映
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/bench/index' })}>
          板凳会
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/supervision/index' })}>
          督办事项
        </Button>
        {answersTasks(getStaffRole()) && (
          <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/joint/tasks' })}>
            联席会议任务
          </Button>
        )}
        <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/ideas/index' })}>
          金点子
        </Button>
        {villageWork && (
          <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/redeem/index' })}>
            积分兑换
          </Button>
        )}
        {villageWork && (
          <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/review/index' })}>
            村级评议
          </Button>
        )}
      </View>

      <Banner text={error} />

      <EmergencyAlerts refreshKey={alertsKey} onChanged={() => void load()} />

      {open && shown.length === 0 && <Text className='staff__empty'>{openTotal + finishedTotal === 0 ? '暂无案件' : '没有在办的案件'}</Text>}

      {shown.map((c) => {
        const sla = slaBadge(c.slaColour);
        return (
          <View
            key={c.id}
            className={c.emergency ? 'row row--emergency' : 'row'}
            hoverClass='none'
            onClick={() => Taro.navigateTo({ url: `/pages/staff/case/index?id=${encodeURIComponent(c.id)}` })}
          >
            <View className='row__head'>
              {c.emergency && <Text className='mark--emergency'>{EMERGENCY_MARK}</Text>}
              <Text className='row__number'>{c.number}</Text>
              <Text className='status'>{c.statusLabel}</Text>
            </View>
            <Text className='row__text'>{shortText(c.text)}</Text>
            <View className='row__meta'>
              {sla && <Text className={sla.className}>{sla.label}</Text>}
              <Text className='row__meta-item'>期限 {formatChinaDateTime(c.closeBy) ?? '暂无'}</Text>
            </View>
          </View>
        );
      })}

      {hasMore && (
        <View className='actions'>
          <Button className='btn btn--plain' size='mini' disabled={loading} onClick={more}>
            {loading ? '加载中…' : '加载更多'}
          </Button>
        </View>
      )}
    </View>
  );
}
