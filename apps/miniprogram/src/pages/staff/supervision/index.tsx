import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getStaffRole, getToken, supervisionApi } from '../../../api/client';
import type { ItemStatus, SupervisionItem, SupervisionSummary } from '../../../api/supervision';
import { dueText, isUnitRole, itemStatusLabel, newItemUrl, opensItems, seesSummary, summaryLines, unitOrder } from '../../../staff/supervision';
import '../staff.scss';
import './supervision.scss';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

const STATUS_FILTERS: { status: ItemStatus | null; label: string }[] = [
  { status: null, label: '全部' },
  { status: 'assigned', label: '待整改' },
  { status: 'reported', label: '待核验' },
  { status: 'sent_back', label: '退回重改' },
  { status: 'closed', label: '已销号' },
];

function ItemRow({ item }: { item: SupervisionItem }) {
  return (
    <View
      className={item.overdue ? 'row row--emergency' : 'row'}
      hoverClass='none'
      onClick={() => void Taro.navigateTo({ url: `/pages/staff/supervision/detail?id=${encodeURIComponent(item.id)}` })}
    >
      <View className='row__head'>
        <Text className='row__number'>{item.number}</Text>
        <Text className='status'>{itemStatusLabel(item.status)}</Text>
      </View>
      <Text className='row__text'>{item.title}</Text>
      <Text className='staff__muted'>承办单位：{item.unit.name}</Text>
      <Text className={item.overdue ? 'overdue-text' : 'due-text'}>{dueText(item)}</Text>
    </View>
  );
}

/**
 * 督办清单. Inspectors, the office and city leaders see every item, by status and overdue; a unit's
 * staff see their unit's items, those they still have to answer first.
 */
export default function SupervisionList() {
  const role = getStaffRole();
  const unit = isUnitRole(role);
  const [status, setStatus] = useState<ItemStatus | null>(null);
  const [overdue, setOverdue] = useState(false);
  const [items, setItems] = useState<SupervisionItem[] | null>(null);
  const [summary, setSummary] = useState<SupervisionSummary | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');

  async function load(next: { status: ItemStatus | null; overdue: boolean } = { status, overdue }) {
    if (!getToken()) {
      setError('请先登录');
      return;
    }
    setLoading(true);
    const [res, counts] = await Promise.all([
      supervisionApi.items({ ...(next.status ? { status: next.status } : {}), overdue: next.overdue }),
      seesSummary(role) ? supervisionApi.summary() : Promise.resolve(null),
    ]);
    setLoading(false);
    if (counts?.ok) setSummary(counts.data);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError('');
    setItems(res.data);
  }

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  function pick(next: ItemStatus | null) {
    setStatus(next);
    void load({ status: next, overdue });
  }
  function toggleOverdue() {
    setOverdue(!overdue);
    void load({ status, overdue: !overdue });
  }

  const { toAnswer, others } = unitOrder(items ?? []);

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>{unit ? '本单位督办事项' : '督办清单'}</Heading>
      <Text className='staff__muted'>
        {unit ? '纪委监委交办的整改事项。请按要求整改，到期前报告整改情况并附照片。' : '交办给各单位的整改事项：限期整改，单位报告后核验销号或退回。'}
      </Text>

      {summary && (
        <View className='panel'>
          <Text>{summaryLines(summary).total}</Text>
          <Text className='staff__muted'>{summaryLines(summary).onTime}</Text>
          {summaryLines(summary).units.map((line) => (
            <Text key={line} className='overdue-text'>
              {line}
            </Text>
          ))}
        </View>
      )}
      {!unit && (
        <View className='actions'>
          {STATUS_FILTERS.map((f) => (
            <Button key={f.label} className={`btn ${status === f.status ? 'btn--active' : 'btn--plain'}`} size='mini' disabled={loading} onClick={() => pick(f.status)}>
              {f.label}
            </Button>
          ))}
          <Button className={`btn ${overdue ? 'btn--active' : 'btn--plain'}`} size='mini' disabled={loading} onClick={toggleOverdue}>
            {overdue ? '✓ 只看逾期' : '只看逾期'}
          </Button>
        </View>
      )}
      {opensItems(role) && (
        <View className='actions'>
          <Button className='btn' onClick={() => void Taro.navigateTo({ url: newItemUrl({ source: 'field_visit' }) })}>
            现场督查
          </Button>
          <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: '/pages/staff/flags/index' })}>
            异常线索
          </Button>
        </View>
      )}
      <Button className='btn btn--plain' onClick={() => void Taro.navigateTo({ url: '/pages/staff/supervision/exposures' })}>
        媒体曝光与整改承诺
      </Button>

      <Banner text={error} />
      {loading && !items && <Text className='staff__muted'>正在加载…</Text>}

      {unit ? (
        <>
          <Text className='staff__sub'>要整改、要报告的（{toAnswer.length}）</Text>
          {items && toAnswer.length === 0 && <Text className='staff__empty'>没有要报告的督办事项</Text>}
          {toAnswer.map((i) => (
            <ItemRow key={i.id} item={i} />
          ))}
          {others.length > 0 && <Text className='staff__sub'>已报告或已销号（{others.length}）</Text>}
          {others.map((i) => (
            <ItemRow key={i.id} item={i} />
          ))}
        </>
      ) : (
        <>
          {items && items.length === 0 && <Text className='staff__empty'>没有这样的督办事项</Text>}
          {(items ?? []).map((i) => (
            <ItemRow key={i.id} item={i} />
          ))}
        </>
      )}
    </View>
  );
}
