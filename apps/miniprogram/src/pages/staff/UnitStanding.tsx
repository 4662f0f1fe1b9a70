import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { getSession, staffApi } from '../../api/client';
import { latestWeek, standingIn, standingLine, type Standing } from '../../staff/league';

/** The caller's unit's place on its newest approved 红黑榜 (null: none yet); undefined while loading. */
async function loadStanding(unitId: string): Promise<{ standing: Standing | null } | { error: string }> {
  const history = await staffApi.leagueHistory(unitId);
  if (!history.ok) return { error: history.message };
  const week = latestWeek(history.data);
  if (!week) return { standing: null };
  const list = await staffApi.leagueWeek(week);
  if (!list.ok) return { error: list.message };
  return { standing: standingIn(list.data, unitId) };
}

const openList = (week?: string) => void Taro.navigateTo({ url: `/pages/staff/league/index${week ? `?week=${encodeURIComponent(week)}` : ''}` });

/**
 * 本单位红黑榜: where the signed-in member of staff's unit stood on the newest approved list, and
 * what cost it points (the league's own explanation). `compact`: one tappable line, above a queue.
 */
export default function UnitStanding({ compact = false, refreshKey = 0 }: { compact?: boolean; refreshKey?: number }) {
  const [state, setState] = useState<{ standing: Standing | null } | { error: string } | undefined>(undefined);
  const unitId = getSession()?.unitId;

  useEffect(() => {
    if (!unitId) return;
    let live = true;
    void loadStanding(unitId).then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [unitId, refreshKey]);

  if (!unitId || state === undefined) return null;
  if ('error' in state) {
    return compact ? null : (
      <View className='banner' role='alert'>
        <Text>{state.error}</Text>
      </View>
    );
  }
  const s = state.standing;
  const tone = s?.list ? ` standing--${s.list}` : '';
  if (compact) {
    return (
      <View className={`standing standing--compact${tone}`} hoverClass='none' onClick={() => openList(s?.week)}>
        <Text className='standing__line'>{standingLine(s)}</Text>
      </View>
    );
  }
  return (
    <View className={`standing${tone}`} hoverClass='none' onClick={() => openList(s?.week)}>
      <Text className='standing__label'>本单位红黑榜{s ? `（${s.weekLabel}）` : ''}</Text>
      {s ? (
        <>
          <Text className='standing__headline'>{s.headline}</Text>
          {s.explanation && <Text className='standing__why'>{s.explanation}</Text>}
        </>
      ) : (
        <Text className='standing__headline'>还没有审定的排名</Text>
      )}
      <Text className='staff__muted'>点这里看整张榜单</Text>
    </View>
  );
}
