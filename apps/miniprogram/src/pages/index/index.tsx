import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import Button from '../../components/Button';
import Screen from '../../components/Screen';
import { ROUTES } from '../../utils/nav';
import type { LookupResult } from '../../services/case-lookup';
import { getCaseStatus } from '../../services/api';
import { getSession, type Session } from '../../api/client';
import { CASE_NUMBER_EXAMPLE, normalizeCaseNumber } from '../../utils/case-number';
import { formatChinaDateTime } from '../../utils/format';
import './index.scss';
import Heading from '../../components/Heading';

const MENU = [
  { label: '我要反映', url: ROUTES.file, primary: true },
  { label: '我的诉求', url: ROUTES.myCases },
  { label: '干群连心卡', url: ROUTES.contacts },
  { label: '我家积分', url: ROUTES.points },
  { label: '大字模式 / 设置', url: ROUTES.settings },
];

/** Who is signed in, in words: 群众 or the staff member's name. */
function whoText(session: Session): string {
  return session.role === 'resident' ? '群众' : `工作人员${session.name ? ` ${session.name}` : ''}`;
}

const STEPS = [
  '在微信里打开“民声直达”公众号。',
  '直接发文字、语音、照片或位置都行。说清楚是什么事、在哪里。',
  '我们会回您一个受理编号、查询码和办结时限。请记下编号和查询码。',
  '办完后我们会告诉您。满意请回复1，基本满意回复2，不满意回复3。',
];

export default function Index() {
  const [input, setInput] = useState('');
  const [code, setCode] = useState('');
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<LookupResult | null>(null);
  const [session, setSession] = useState<Session | null>(() => getSession());
  useDidShow(() => setSession(getSession()));

  // What was found or refused was for the old words: it goes as soon as they change.
  function edit(set: (value: string) => void, value: string) {
    set(value);
    setResult(null);
  }

  async function search() {
    if (loading) return;
    setLoading(true);
    setResult(null);
    const tidy = normalizeCaseNumber(input);
    if (tidy) setInput(tidy);
    try {
      setResult(await getCaseStatus(input, code));
    } finally {
      setLoading(false);
    }
  }

  return (
    <Screen className='home'>
      <View className='home__header'>
        <Heading className='home__title'>民声直达</Heading>
        <Text className='home__lead'>有难事、有意见，告诉我们，我们帮您办。</Text>
      </View>

      {session ? (
        <View className='signed-in'>
          <Text className='text'>已登录：{whoText(session)}</Text>
          {session.role !== 'resident' && (
            <Button className='btn' onClick={() => Taro.navigateTo({ url: ROUTES.staffHome(session.role) })}>
              进入工作台
            </Button>
          )}
        </View>
      ) : (
        <Text className='muted'>还没有登录</Text>
      )}

      <View className='menu'>
        {MENU.map((m) => (
          <Button key={m.url} className={`btn ${m.primary ? 'btn--primary' : ''}`} onClick={() => Taro.navigateTo({ url: m.url })}>
            {m.label}
          </Button>
        ))}
        {!session && (
          <Button className='btn' onClick={() => Taro.navigateTo({ url: ROUTES.login })}>
            登录
          </Button>
        )}
      </View>

      <View className='card'>
        <Text className='card__title'>在公众号里反映</Text>
        {STEPS.map((step, i) => (
          <View className='step' key={step}>
            <Text className='step__no'>{i + 1}</Text>
            <Text className='step__text'>{step}</Text>
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='card__title'>查办理进度</Text>
        <Text className='field__label'>请输入受理编号</Text>
        <Input
          className='field__input'
          type='text'
          value={input}
          maxlength={24}
          placeholder={`例如 ${CASE_NUMBER_EXAMPLE}`}
          placeholderClass='field__placeholder'
          confirmType='search'
          onInput={(e) => edit(setInput, e.detail.value)}
          onConfirm={search}
        />
        <Text className='field__label'>查询码（或手机号后4位）</Text>
        {/* text, not number: a number input drops the leading zero of a code like 048213 */}
        <Input
          className='field__input'
          type='text'
          value={code}
          maxlength={6}
          placeholder='受理时告诉您的6位查询码'
          placeholderClass='field__placeholder'
          confirmType='search'
          onInput={(e) => edit(setCode, e.detail.value)}
          onConfirm={search}
        />
        <Button className='search-button' disabled={loading} loading={loading} onClick={search}>
          {loading ? '正在查询…' : '查询'}
        </Button>

        {result && result.ok && (
          <View className='result'>
            <View className='result__row'>
              <Text className='result__label'>受理编号</Text>
              {/* Whole numbers and times: in large type they move to the next line rather than break. */}
              <Text className='result__value nowrap'>{result.data.number}</Text>
            </View>
            <View className='result__row'>
              <Text className='result__label'>办理情况</Text>
              <Text className='result__value result__value--status'>{result.data.statusLabel}</Text>
            </View>
            <View className='result__row'>
              <Text className='result__label'>办结时限</Text>
              <Text className='result__value nowrap'>{formatChinaDateTime(result.data.deadline) ?? '暂无'}</Text>
            </View>
          </View>
        )}

        {result && !result.ok && (
          <View className='notice' role='alert'>
            <Text className='notice__text'>{result.message}</Text>
          </View>
        )}
      </View>
    </Screen>
  );
}
