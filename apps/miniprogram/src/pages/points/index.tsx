import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../components/Button';
import Screen from '../../components/Screen';
import Notice from '../../components/Notice';
import NeedLogin from '../../components/NeedLogin';
import { getToken, messageOf, pointsApi } from '../../api/client';
import { signedPoints, yuan, type MyHousehold, type MyReward } from '../../api/points';
import Heading from '../../components/Heading';

/** wx.requestMerchantTransfer: the resident confirms a reward into their WeChat wallet (only inside WeChat). */
type MerchantTransfer = (opts: { mchId: string; appId: string; package: string; success: () => void; fail: (e: { errMsg?: string }) => void }) => void;
const merchantTransfer = (): MerchantTransfer | undefined => (globalThis as { wx?: { requestMerchantTransfer?: MerchantTransfer } }).wx?.requestMerchantTransfer;

const REWARD_STATES: Record<MyReward['state'], string> = {
  transferring: '正在转账',
  wait_user_confirm: '等您确认收款',
  succeeded: '已到微信零钱',
  failed: '没有转成功，请问村干部',
  cancelled: '已撤销',
};

/** 我家积分: the household's points in large type, what they can get now, and the history. */
export default function PointsPage() {
  const [households, setHouseholds] = useState<MyHousehold[] | null>(null);
  const [rewards, setRewards] = useState<MyReward[]>([]);
  const [error, setError] = useState('');
  const signedIn = Boolean(getToken());

  async function load() {
    setError('');
    try {
      const [h, r] = await Promise.all([pointsApi.myPoints(), pointsApi.myRewards()]);
      setHouseholds(h);
      setRewards(r);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  useEffect(() => {
    if (signedIn) void load();
  }, [signedIn]);
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  function confirm(r: MyReward) {
    const transfer = merchantTransfer();
    if (!transfer || !r.packageInfo || !r.mchId || !r.appId) {
      setError('请在微信里打开小程序确认收款');
      return;
    }
    transfer({
      mchId: r.mchId,
      appId: r.appId,
      package: r.packageInfo,
      success: () => void pointsApi.refreshReward(r.id).then(() => load()),
      fail: () => setError('没有确认收款，可以稍后再点一次'),
    });
  }

  return (
    <Screen>
      <Heading className='title'>我家积分</Heading>
      {!signedIn && <NeedLogin text='登录并绑定手机号后，可以看您家的积分。' />}
      {error && <Notice kind='error' text={error} />}
      {households && households.length === 0 && <Notice kind='info' text='还没有找到您家。请村干部把您的手机号登记到户里。' />}

      {rewards
        .filter((r) => r.state === 'wait_user_confirm')
        .map((r) => (
          <View className='card' key={r.id}>
            <Text className='card__title'>您有一笔奖励 {yuan(r.amountFen)}</Text>
            <Text className='text'>{r.remark}</Text>
            <Button className='btn btn--primary' onClick={() => confirm(r)}>
              确认收款
            </Button>
          </View>
        ))}

      {households?.map((h) => (
        <View key={h.id}>
          <View className='card'>
            <Text className='card__title'>
              {h.villageName} {h.name}
            </Text>
            <Text className='title'>{h.balance} 分</Text>
          </View>

          <View className='card'>
            <Text className='card__title'>现在能换</Text>
            {h.canGet.length === 0 && <Text className='muted'>积分还不够换东西，继续加油。</Text>}
            {h.canGet.map((i) => (
              <View className='list-item' key={i.id}>
                <Text className='text'>
                  {i.name}：{i.pointsPrice} 分一{i.unit}，最多换 {i.canTake} {i.unit}
                </Text>
              </View>
            ))}
            <Text className='muted'>到村便民服务站兑换，工作人员帮您办。</Text>
          </View>

          <View className='card'>
            <Text className='card__title'>积分记录</Text>
            {h.entries.length === 0 && <Text className='muted'>还没有记录。</Text>}
            {h.entries.map((e) => (
              <View className='list-item' key={e.id}>
                <View className='list-item__head'>
                  <Text className='status'>{signedPoints(e.delta)}</Text>
                  <Text className='muted'>{e.createdAt.slice(0, 10)}</Text>
                </View>
                <Text className='text'>{e.note}</Text>
                <Text className='muted'>剩 {e.balanceAfter} 分</Text>
              </View>
            ))}
          </View>
        </View>
      ))}

      {rewards.filter((r) => r.state !== 'wait_user_confirm').length > 0 && (
        <View className='card'>
          <Text className='card__title'>我的奖励</Text>
          {rewards
            .filter((r) => r.state !== 'wait_user_confirm')
            .map((r) => (
              <View className='list-item' key={r.id}>
                <Text className='text'>
                  {yuan(r.amountFen)} {r.remark}
                </Text>
                <Text className='muted'>{REWARD_STATES[r.state]}</Text>
              </View>
            ))}
        </View>
      )}
    </Screen>
  );
}
