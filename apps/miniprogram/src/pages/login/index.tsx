import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import Button from '../../components/Button';
import { api, isApiError, messageOf } from '../../api/client';
import Screen from '../../components/Screen';
import Notice from '../../components/Notice';
import { queue } from '../../services/offline-taro';
import { ROUTES } from '../../utils/nav';
import Heading from '../../components/Heading';

const IS_H5 = process.env.TARO_ENV === 'h5';

/** Seeded residents for the h5 sandbox: the server's fake WeChat accepts code-<openid>.<nonce>. */
const SANDBOX_RESIDENTS = [
  { openid: 'o_demo_resident_01', label: '测试群众一' },
  { openid: 'o_demo_resident_02', label: '测试群众二' },
  { openid: 'o_demo_resident_03', label: '测试群众三' },
];

function afterResidentLogin() {
  void queue.flush(); // anything that waited for a sign-in goes now
  const pages = Taro.getCurrentPages();
  if (pages.length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: ROUTES.myCases });
}

export default function Login() {
  const [tab, setTab] = useState<'resident' | 'staff'>('resident');
  const [sandbox, setSandbox] = useState(SANDBOX_RESIDENTS[0].openid);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  // A message about the other tab or an old typo is stale once the person changes something.
  function choose(next: 'resident' | 'staff') {
    setTab(next);
    setError('');
  }

  async function residentLogin() {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      // Each sign-in needs a fresh code, as wx.login gives one: the sandbox's fake WeChat reads code-<openid>.<nonce>.
      const code = IS_H5 ? `code-${sandbox}.${Date.now().toString(36)}` : (await Taro.login()).code;
      await api.residentLogin(code);
      afterResidentLogin();
    } catch (err) {
      setError(isApiError(err) && err.kind === 'unauthorized' ? '登录没成功，请再试一次。' : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function staffLogin() {
    if (busy) return;
    if (!username.trim() || !password) {
      setError('请填写用户名和密码。');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const session = await api.staffLogin(username.trim(), password);
      void Taro.redirectTo({ url: ROUTES.staffHome(session.role) });
    } catch (err) {
      setError(isApiError(err) && err.kind === 'unauthorized' ? '用户名或密码不对。' : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Screen>
      <Heading className='title'>登录</Heading>
      <View className='tabs'>
        <Button className={`btn ${tab === 'resident' ? 'btn--chosen' : ''}`} onClick={() => choose('resident')}>
          我是群众
        </Button>
        <Button className={`btn ${tab === 'staff' ? 'btn--chosen' : ''}`} onClick={() => choose('staff')}>
          工作人员
        </Button>
      </View>

      {tab === 'resident' && (
        <View className='card'>
          <Text className='text'>用微信登录后，可以反映问题、查看自己的诉求。</Text>
          {IS_H5 && (
            <View>
              <Text className='field__label'>测试环境：选一位测试群众</Text>
              {SANDBOX_RESIDENTS.map((r) => (
                <Button
                  key={r.openid}
                  className={`btn ${sandbox === r.openid ? 'btn--chosen' : ''}`}
                  onClick={() => setSandbox(r.openid)}
                >
                  {r.label}
                </Button>
              ))}
            </View>
          )}
          <Button className='btn btn--primary' disabled={busy} loading={busy} onClick={residentLogin}>
            {IS_H5 ? '登录' : '微信一键登录'}
          </Button>
        </View>
      )}

      {tab === 'staff' && (
        <View className='card'>
          <Text className='field__label'>用户名</Text>
          <Input
            className='field__input'
            value={username}
            onInput={(e) => {
              setUsername(e.detail.value);
              setError('');
            }}
            placeholder='请输入用户名'
            placeholderClass='field__placeholder'
          />
          <Text className='field__label'>密码</Text>
          <Input
            className='field__input'
            password
            value={password}
            onInput={(e) => {
              setPassword(e.detail.value);
              setError('');
            }}
            placeholder='请输入密码'
            placeholderClass='field__placeholder'
            onConfirm={staffLogin}
          />
          <Button className='btn btn--primary' disabled={busy} loading={busy} onClick={staffLogin}>
            登录
          </Button>
        </View>
      )}

      {error && <Notice kind='error' text={error} />}
    </Screen>
  );
}
