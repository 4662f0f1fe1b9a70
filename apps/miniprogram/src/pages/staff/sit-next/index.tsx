import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { benchApi, getSession, staffApi } from '../../../api/client';
import type { WhereToSit } from '../../../api/staff';
import type { Option } from '../../../staff/forms';
import '../staff.scss';
import { OptionPicker } from '../OptionPicker';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/** Roles that see every town and pick one; a town's own staff see their town only. */
const SEE_ALL = ['dispatcher', 'city_leader', 'inspector'];

/** 下一场板凳会坐哪里: this week's villages and topics for the town, with the reasons, largest need first. */
export default function SitNextPage() {
  const seesAll = SEE_ALL.includes(getSession()?.role ?? '');
  const [towns, setTowns] = useState<Option[]>([]);
  const [town, setTown] = useState<string | null>(null);
  const [list, setList] = useState<WhereToSit | null>(null);
  const [error, setError] = useState('');

  async function load(townId: string | null) {
    if (seesAll && !townId) {
      const units = await staffApi.units();
      if (units.ok) setTowns((units.data as Array<{ id: string; name: string; level: string }>).filter((u) => u.level === 'town').map((u) => ({ code: u.id, label: u.name })));
      return;
    }
    const res = await benchApi.whereToSit(townId ?? undefined);
    if (!res.ok) return setError(res.message);
    setError('');
    setList(res.data);
  }

  useDidShow(() => {
    void load(town);
  });

  function pickTown(id: string) {
    setTown(id);
    void load(id);
  }

  function plan(villageId: string, topicName: string | null) {
    const topic = topicName ? `&topic=${encodeURIComponent(topicName)}` : '';
    void Taro.navigateTo({ url: `/pages/staff/bench/index?village=${encodeURIComponent(villageId)}${topic}` });
  }

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>下一场板凳会坐哪里</Heading>
      <Banner text={error} />
      {seesAll && <OptionPicker label='乡镇' options={towns} value={town} onPick={pickTown} />}
      {list && <Text className='staff__muted'>{`${list.week}（按 ${list.from} 至 ${list.to} 的诉求排）`}</Text>}
      {list?.towns.map((t) => (
        <View key={t.townId}>
          <Text className='staff__sub'>{t.townName}</Text>
          {t.entries.length === 0 && <Text className='staff__empty'>这周没有特别要去的村</Text>}
          {t.entries.map((e, i) => (
            <View key={`${e.villageId}-${e.topic ?? 'quiet'}`} className='row'>
              <View className='row__head'>
                <Text className='row__number'>{`${i + 1}. ${e.villageName}`}</Text>
                <Text className='status'>{e.topicName ?? '听听老人的声音'}</Text>
              </View>
              {e.reasons.map((r) => (
                <Text key={r} className='row__text'>
                  {r}
                </Text>
              ))}
              {!seesAll && (
                <Button className='btn btn--plain' onClick={() => plan(e.villageId, e.topicName)}>
                  在这里安排一场
                </Button>
              )}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
