import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../../components/Button';
import BackBar from '../../../components/BackBar';
import { getSession, messageOf, pointsApi } from '../../../api/client';
import type { CatalogueItem, Household } from '../../../api/points';
import { uuidV4 } from '../../../utils/uuid';
import '../staff.scss';
import { HouseholdSearch } from '../HouseholdSearch';
import Banner from '../Banner';
import Heading from '../../../components/Heading';

/** 积分兑换 at the village station: find the household, pick the goods, confirm. */
export default function RedeemPage() {
  const villageId = getSession()?.unitId ?? '';
  const [households, setHouseholds] = useState<Household[]>([]);
  const [items, setItems] = useState<CatalogueItem[]>([]);
  const [household, setHousehold] = useState<Household | null>(null);
  const [item, setItem] = useState<CatalogueItem | null>(null);
  const [quantity, setQuantity] = useState(1);
  // One key per redemption: a retry after a dropped connection is the same redemption, never a second.
  const [key, setKey] = useState(() => `redeem-${uuidV4()}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  useEffect(() => {
    if (!villageId) return;
    pointsApi
      .catalogue(villageId)
      .then((list) => setItems(list.filter((i) => i.active)))
      .catch((err: unknown) => setError(messageOf(err)));
  }, [villageId]);

  async function submit() {
    if (!household || !item || busy) return;
    const cost = item.pointsPrice * quantity;
    const { confirm } = await Taro.showModal({ title: '确认兑换', content: `${household.name}：${item.name} ${quantity}${item.unit}，扣 ${cost} 分` });
    if (!confirm) return;
    setBusy(true);
    setError('');
    try {
      const res = await pointsApi.redeem(villageId, { key, householdId: household.id, itemId: item.id, quantity });
      setDone(`已兑换。${household.name}还剩 ${res.balance} 分，${item.name}还剩 ${res.stock}${item.unit}`);
      setHousehold({ ...household, balance: res.balance });
      setHouseholds(households.map((h) => (h.id === household.id ? { ...h, balance: res.balance } : h)));
      setItems(items.map((i) => (i.id === item.id ? { ...i, stock: res.stock } : i)));
      setKey(`redeem-${uuidV4()}`);
      setQuantity(1);
      void Taro.showToast({ title: '已兑换', icon: 'success' });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='staff' role='main'>
      <BackBar />
      <Heading className='staff__title'>积分兑换</Heading>
      <Banner text={done} ok />
      <Banner text={error} />

      <HouseholdSearch villageId={villageId} households={households} onFound={setHouseholds} onError={setError} pickedId={household?.id} onPick={setHousehold} />

      {household && (
        <View className='panel'>
          <Text className='field__label'>
            {household.name}现有 {household.balance} 分，选要换的东西
          </Text>
          {items.map((i) => (
            <Button
              key={i.id}
              className={item?.id === i.id ? 'btn' : 'btn btn--plain'}
              disabled={i.stock === 0 || i.pointsPrice > household.balance}
              onClick={() => {
                setItem(i);
                setKey(`redeem-${uuidV4()}`);
              }}
            >
              {i.name} {i.pointsPrice} 分/{i.unit}（{i.stock === 0 ? '没货了' : i.pointsPrice > household.balance ? '积分不够' : `剩 ${i.stock}`}）
            </Button>
          ))}
          {item && (
            <View className='field'>
              <Text className='field__label'>数量</Text>
              <View className='stepper'>
                <Button className='btn btn--plain' disabled={quantity <= 1} onClick={() => setQuantity(quantity - 1)}>
                  少一{item.unit}
                </Button>
                <Text className='stepper__value'>
                  {quantity} {item.unit}
                </Text>
                <Button className='btn btn--plain' disabled={quantity >= item.stock || item.pointsPrice * (quantity + 1) > household.balance} onClick={() => setQuantity(quantity + 1)}>
                  多一{item.unit}
                </Button>
              </View>
              <Text className='staff__muted'>共扣 {item.pointsPrice * quantity} 分</Text>
            </View>
          )}
          <Button className='btn' disabled={!item || busy} loading={busy} onClick={() => void submit()}>
            {busy ? '正在兑换…' : '确认兑换'}
          </Button>
        </View>
      )}
    </View>
  );
}
