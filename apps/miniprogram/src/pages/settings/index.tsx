import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input, Switch, Text, View } from '@tarojs/components';
import Button from '../../components/Button';
import { api, getRole, messageOf } from '../../api/client';
import Screen, { flagStore, useElder } from '../../components/Screen';
import Notice from '../../components/Notice';
import { writeElder } from '../../utils/elder';
import { ROUTES } from '../../utils/nav';
import Heading from '../../components/Heading';

const IS_H5 = process.env.TARO_ENV === 'h5';

/**
 * 绑定手机号: WeChat verifies the number (getPhoneNumber button → code → server). Cases staff
 * wrote down for this number (hotline, walk-in, bench meeting) then show under 我的诉求.
 * The h5 sandbox has no WeChat: the sandbox's fake WeChat reads the code phone-<number>.<nonce>.
 */
function PhoneCard() {
  const [phone, setPhone] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useDidShow(() => {
    api
      .profile()
      .then((p) => setPhone(p.phone ?? null))
      .catch(() => setPhone(null));
  });

  async function bind(code: string) {
    setBusy(true);
    setMessage(null);
    try {
      const res = await api.bindPhone(code);
      setPhone(res.phone);
      setMessage({ kind: 'ok', text: '手机号已绑定。工作人员替您登记的诉求，也能在「我的诉求」里看到了。' });
    } catch (err) {
      setMessage({ kind: 'error', text: messageOf(err) });
    } finally {
      setBusy(false);
    }
  }

  async function unbind() {
    setBusy(true);
    try {
      await api.unbindPhone();
      setPhone(null);
      setMessage({ kind: 'ok', text: '已解除绑定。' });
    } catch (err) {
      setMessage({ kind: 'error', text: messageOf(err) });
    } finally {
      setBusy(false);
    }
  }

  function bindTyped() {
    const digits = typed.replace(/\D/g, '');
    if (!/^1\d{10}$/.test(digits)) {
      setMessage({ kind: 'error', text: '请输入 11 位手机号。' });
      return;
    }
    void bind(`phone-${digits}.${Date.now().toString(36)}`);
  }

  return (
    <View className='card'>
      <Text className='card__title'>手机号</Text>
      <Text className='text'>{phone ? `已绑定 ${phone}` : '绑定手机号后，打热线或在村里登记的诉求，也能在这里查看。'}</Text>
      {phone ? (
        <Button className='btn' disabled={busy} onClick={() => void unbind()}>
          解除绑定
        </Button>
      ) : IS_H5 ? (
        <View>
          <Text className='muted'>体验环境：输入手机号模拟微信验证</Text>
          <Input
            className='field__input'
            type='number'
            maxlength={11}
            value={typed}
            placeholder='手机号'
            onInput={(e) => {
              setTyped(e.detail.value);
              setMessage(null); // an old "请输入 11 位手机号" goes once they type again
            }}
          />
          <Button className='btn btn--primary' disabled={busy} loading={busy} onClick={bindTyped}>
            绑定手机号
          </Button>
        </View>
      ) : (
        <Button
          className='btn btn--primary'
          openType='getPhoneNumber'
          disabled={busy}
          loading={busy}
          onGetPhoneNumber={(e) => {
            const code = (e.detail as { code?: string }).code;
            if (code) void bind(code);
            else setMessage({ kind: 'error', text: '没有授权手机号，可以以后再绑定。' });
          }}
        >
          用微信手机号绑定
        </Button>
      )}
      {message && <Notice kind={message.kind} text={message.text} />}
    </View>
  );
}

export default function Settings() {
  const [elder, setElder] = useElder();
  const role = getRole();

  function toggle(on: boolean) {
    writeElder(flagStore, on);
    setElder(on);
  }

  return (
    <Screen elder={elder}>
      <Heading className='title'>设置</Heading>
      <View className='card'>
        <Text className='card__title'>大字模式</Text>
        <Text className='text'>字更大、颜色更清楚，适合老年人。</Text>
        <View className='row'>
          <Text className='row__label'>{elder ? '已打开' : '已关闭'}</Text>
          <Switch checked={elder} color='#000000' ariaLabel='大字模式' nativeProps={{ 'aria-label': '大字模式' }} onChange={(e) => toggle(e.detail.value)} />
        </View>
        <Button className={`btn ${elder ? '' : 'btn--primary'}`} onClick={() => toggle(!elder)}>
          {elder ? '关闭大字模式' : '打开大字模式'}
        </Button>
      </View>

      {role === 'resident' && <PhoneCard />}

      <View className='card'>
        <Text className='card__title'>账号</Text>
        <Text className='text'>{role ? (role === 'resident' ? '已登录（群众）' : '已登录（工作人员）') : '没有登录'}</Text>
        {role ? (
          <Button
            className='btn'
            onClick={() => {
              api.logout();
              void Taro.reLaunch({ url: ROUTES.home });
            }}
          >
            退出登录
          </Button>
        ) : (
          <Button className='btn btn--primary' onClick={() => Taro.navigateTo({ url: ROUTES.login })}>
            去登录
          </Button>
        )}
      </View>
    </Screen>
  );
}
