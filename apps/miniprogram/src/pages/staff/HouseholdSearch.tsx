import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Button from '../../components/Button';
import { messageOf, pointsApi } from '../../api/client';
import type { Household } from '../../api/points';

/**
 * 找农户: the village's households by the head's name or the last digits of a phone, as the station
 * (积分兑换) and the village review (村级评议) look them up. With `onPick`, the matches are buttons
 * to choose one (the chosen one filled); without, the page shows the matches its own way.
 */
export function HouseholdSearch(props: {
  villageId: string;
  onFound: (households: Household[]) => void;
  onError: (message: string) => void;
  households?: Household[];
  pickedId?: string | null;
  onPick?: (household: Household) => void;
}) {
  const { villageId, onFound, onError, households = [], pickedId, onPick } = props;
  const [q, setQ] = useState('');

  async function search() {
    onError('');
    try {
      onFound(await pointsApi.households(villageId, q.trim()));
    } catch (err) {
      onError(messageOf(err));
    }
  }

  return (
    <View className='panel'>
      <View className='field'>
        <Text className='field__label'>找农户</Text>
        <Input className='field__input' value={q} maxlength={40} placeholder='户主姓名、手机号后四位' onInput={(e) => setQ(e.detail.value)} onConfirm={() => void search()} />
      </View>
      <Button className='btn' onClick={() => void search()}>
        查找
      </Button>
      {onPick &&
        households.map((h) => (
          <Button key={h.id} className={pickedId === h.id ? 'btn' : 'btn btn--plain'} onClick={() => onPick(h)}>
            {h.name}（{h.balance} 分）
          </Button>
        ))}
    </View>
  );
}
