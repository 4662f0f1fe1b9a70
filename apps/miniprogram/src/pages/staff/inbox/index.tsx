import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import EmergencyAlerts from '../EmergencyAlerts';
import { getStaffRole, getToken, staffApi } from '../../../api/client';
import { labelOf, subItemOptions, type Option } from '../../../staff/forms';
import { EMERGENCY_MARK, kindLabel, statusCounts, urgencyLabel } from '../../../staff/labels';
import { SLA_ORDER, slaBadge } from '../../../staff/sla';
import { appendPage, type PagedCases } from '../../../staff/paging';
import { inboxCases, shortText } from '../../../staff/sort';
import { seesWarnings as mayReadWarnings } from '../../../staff/warnings';
import { convenes } from '../../../staff/joint-meetings';
import type { CaseStatus, Dashboard, PendingExtension } from '../../../api/staff';
import { formatChinaDateTime } from '../../../utils/format';
import { ROUTES } from '../../../utils/nav';
import '../staff.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

function openCase(id: string) {
  void Taro.navigateTo({ url: `/pages/staff/case/index?id=${encodeURIComponent(id)}` });
}

const WAITING: readonly CaseStatus[] = ['accepted', 'returned'];
const PAGE_SIZE = 50;

/** Dispatcher's inbox: counts, new and returned cases with the suggested classification, pending extensions. */
export default function StaffInbox() {
  const [waiting, setWaiting] = useState<PagedCases | null>(null);
  const paging = useRef(false);
  const [extensions, setExtensions] = useState<PendingExtension[]>([]);
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [subItems, setSubItems] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  // Bumped by every load, so the emergencies above the list reload with it.
  const [alertsKey, setAlertsKey] = useState(0);

  async function load() {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    setLoading(true);
    setError('');
    setAlertsKey((k) => k + 1);
    const [list, ext, dash, tax] = await Promise.all([
      staffApi.listCases(WAITING, { order: 'oldest', limit: PAGE_SIZE }),
      staffApi.pendingExtensions(),
      staffApi.dashboard(),
      staffApi.taxonomy(),
    ]);
    setLoading(false);
    const failed = [list, ext, dash].find((r) => !r.ok);
    if (failed && !failed.ok) setError(failed.message);
    if (list.ok) setWaiting(appendPage(null, list.data));
    if (ext.ok) setExtensions(ext.data);
    if (dash.ok) setDashboard(dash.data);
    if (tax.ok) setSubItems(subItemOptions(tax.data));
  }

  /** The next page of waiting cases, oldest first as the server orders them: the longest-waiting never fall off. */
  async function more() {
    if (!waiting?.nextCursor || paging.current) return;
    paging.current = true;
    const res = await staffApi.listCases(WAITING, { order: 'oldest', limit: PAGE_SIZE, cursor: waiting.nextCursor });
    paging.current = false;
    if (res.ok) setWaiting(appendPage(waiting, res.data));
    else setError(res.message);
  }

  useDidShow(() => {
    void load();
  });
  useReachBottom(() => void more());
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  // Returned cases first among those loaded; the server has already put the oldest first.
  const cases = waiting ? inboxCases(waiting.items) : null;

  async function decide(e: PendingExtension, approve: boolean) {
    if (busy) return;
    const key = `${approve ? 'approve' : 'refuse'}:${e.id}`;
    setBusy(key);
    setError('');
    const res = await staffApi.decideExtension(e.caseId, e.id, approve);
    setBusy(null);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    void Taro.showToast({ title: approve ? '已同意延期' : '已不同意延期', icon: 'success' });
    await load();
  }

  const seesWarnings = mayReadWarnings(getStaffRole());
  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>待办分拨</Heading>
      <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: ROUTES.leadersHome })}>
        民生诉求热力图
      </Button>
      <Banner text={error} />

      <EmergencyAlerts refreshKey={alertsKey} onChanged={() => void load()} />

      {dashboard && (
        <View className='panel'>
          <Text>在办 {dashboard.open} 件，延期待批 {dashboard.pendingExtensions} 件</Text>
          <View className='chips'>
            {SLA_ORDER.map((colour) => {
              const badge = slaBadge(colour);
              return badge ? (
                <Text key={colour} className={badge.className}>
                  {badge.label} {dashboard.bySla?.[colour] ?? 0}
                </Text>
              ) : null;
            })}
          </View>
          <View className='chips'>
            {statusCounts(dashboard.byStatus).map((s) => (
              <Text key={s.label} className='chip'>
                {s.label} {s.count}
              </Text>
            ))}
          </View>
        </View>
      )}

      <View className='actions'>
        <Button className='btn btn--plain' size='mini' disabled={loading} onClick={() => void load()}>
          {loading ? '刷新中…' : '刷新'}
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/queue/index' })}>
          全部案件
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/file/index' })}>
          代群众反映
        </Button>
        <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/supervision/index' })}>
          督办清单
        </Button>
        {convenes(getStaffRole()) && (
          <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/joint/index' })}>
            联席会议
          </Button>
        )}
        {seesWarnings && (
          <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: '/pages/staff/warnings/index' })}>
            三色预警
          </Button>
        )}
      </View>

      <Text className='staff__sub'>新诉求和退回（{waiting?.total ?? 0}）</Text>
      {cases && cases.length === 0 && <Text className='staff__empty'>没有待分拨的诉求</Text>}
      {(cases ?? []).map((c) => {
        const sla = slaBadge(c.slaColour);
        const sub = c.subItem ?? c.suggestion?.subItem ?? null;
        return (
          <View key={c.id} className={c.emergency ? 'row row--emergency' : 'row'} onClick={() => openCase(c.id)}>
            <View className='row__head'>
              {c.emergency && <Text className='mark--emergency'>{EMERGENCY_MARK}</Text>}
              <Text className='row__number'>{c.number}</Text>
              <Text className='status'>{c.statusLabel}</Text>
            </View>
            <Text className='row__text'>{shortText(c.text)}</Text>
            <View className='row__meta'>
              {sla && <Text className={sla.className}>{sla.label}</Text>}
              <Text className='row__meta-item'>
                建议：{c.kindLabel || kindLabel(c.kind)}·{urgencyLabel(c.urgency)}
                {sub ? `·${labelOf(subItems, sub, sub)}` : ''}
              </Text>
            </View>
            <Text className='staff__muted'>受理 {formatChinaDateTime(c.acceptedAt) ?? ''}</Text>
          </View>
        );
      })}

      {waiting?.nextCursor && (
        <View className='actions'>
          <Button className='btn btn--plain' size='mini' onClick={() => void more()}>
            加载更多
          </Button>
        </View>
      )}

      <Text className='staff__sub'>延期申请（{extensions.length}）</Text>
      {extensions.length === 0 && <Text className='staff__empty'>没有待审批的延期</Text>}
      {extensions.map((e) => (
        <View key={e.id} className='row'>
          <View className='row__head'>
            <Text className='row__number link' onClick={() => openCase(e.caseId)}>
              {e.caseNumber}
            </Text>
            <Text className='status'>延期 {e.workdays} 个工作日</Text>
          </View>
          {e.unitName && <Text className='staff__muted'>办理单位 {e.unitName}</Text>}
          <Text className='row__text'>原因：{e.reason}</Text>
          <Text className='staff__muted'>申请时间 {formatChinaDateTime(e.createdAt) ?? ''}</Text>
          <View className='actions'>
            <Button className='btn' size='mini' disabled={busy !== null} loading={busy === `approve:${e.id}`} onClick={() => void decide(e, true)}>
              同意
            </Button>
            <Button className='btn btn--danger' size='mini' disabled={busy !== null} loading={busy === `refuse:${e.id}`} onClick={() => void decide(e, false)}>
              不同意
            </Button>
          </View>
        </View>
      ))}

      {/* Not the dispatcher's to fix (an admin enters the holidays): a note at the end, not an alarm. */}
      {dashboard?.calendarWarning && (
        <View className='note' role='note'>
          <Text>提示（由管理员处理，您不用操作）：{String(dashboard.calendarWarning)}</Text>
        </View>
      )}
    </View>
  );
}
