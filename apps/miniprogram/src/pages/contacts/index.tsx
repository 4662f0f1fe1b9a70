import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import Button from '../../components/Button';
import { api, getToken, messageOf, type Contact, type Village } from '../../api/client';
import Screen from '../../components/Screen';
import Notice from '../../components/Notice';
import NeedLogin from '../../components/NeedLogin';
import { taroStore } from '../../services/offline-taro';
import { CITY_HOTLINE, LEVEL_LABELS, contactPhone, sortContacts } from '../../utils/contacts';
import Heading from '../../components/Heading';

const VILLAGE_KEY = 'msz.village';

export default function Contacts() {
  const [villages, setVillages] = useState<Village[] | null>(null);
  const [villageId, setVillageId] = useState<string>(() => String(taroStore.get(VILLAGE_KEY) || ''));
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [error, setError] = useState('');
  const signedIn = Boolean(getToken());

  useEffect(() => {
    if (!signedIn) return;
    api
      .villages()
      .then(setVillages)
      .catch((err: unknown) => setError(messageOf(err)));
  }, [signedIn]);

  useEffect(() => {
    if (!signedIn || !villageId) return;
    setContacts(null);
    setError('');
    api
      .contacts(villageId)
      .then((list) => setContacts(sortContacts(list)))
      .catch((err: unknown) => setError(messageOf(err)));
  }, [signedIn, villageId]);

  const village = villages?.find((v) => v.id === villageId);
  const labels = (villages ?? []).map((v) => `${v.townName} ${v.name}`);

  function call(phone: string) {
    void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  }

  return (
    <Screen>
      <Heading className='title'>干群连心卡</Heading>
      <View className='card'>
        <Text className='card__title'>市民热线</Text>
        <Text className='text'>{CITY_HOTLINE}（全天有人接）</Text>
        <Button className='btn btn--primary' onClick={() => call(CITY_HOTLINE)}>
          打电话
        </Button>
      </View>

      {!signedIn && <NeedLogin text='登录后可以看您村里的联系人。' />}

      {signedIn && (
        <View className='card'>
          <Text className='card__title'>我的村（社区）</Text>
          {villages && villages.length > 0 ? (
            <Picker
              mode='selector'
              range={labels}
              onChange={(e) => {
                const v = villages[Number(e.detail.value)];
                if (v) {
                  taroStore.set(VILLAGE_KEY, v.id);
                  setVillageId(v.id);
                }
              }}
            >
              <View className='field__input field__input--picker'>
                <Text className='text'>{village ? `${village.townName} ${village.name}` : '点这里选您的村'}</Text>
              </View>
            </Picker>
          ) : (
            <Text className='muted'>{villages ? '暂时没有村的名单。' : '正在加载…'}</Text>
          )}
        </View>
      )}

      {error && <Notice kind='error' text={error} />}

      {contacts && contacts.length === 0 && <Notice kind='info' text='这个村还没有登记联系人，请打市民热线。' />}
      {contacts && contacts.length > 0 && !contacts.some((c) => c.level === 'village') && (
        <Notice kind='info' text='村里的联系人还没有登记，可以先找下面的乡镇联系人。' />
      )}
      {contacts?.map((c, i) => {
        const phone = contactPhone(c);
        return (
          <View className='list-item' key={`${c.level}-${c.contactName}-${i}`}>
            <View className='list-item__head'>
              <Text className='status'>{LEVEL_LABELS[c.level] ?? c.level}</Text>
              <Text className='text'>{c.unitName}</Text>
            </View>
            <Text className='row__value'>{c.contactName}</Text>
            {phone ? (
              <Button className='btn' onClick={() => call(phone)}>
                打电话 {phone}
              </Button>
            ) : (
              <Text className='muted'>电话未登记</Text>
            )}
          </View>
        );
      })}
    </Screen>
  );
}
