import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '../../components/Button';
import { getStaffRole, getToken, staffApi } from '../../api/client';
import type { Acknowledgement, Emergency } from '../../api/staff';
import { EMERGENCY_MARK } from '../../staff/labels';
import { shortText } from '../../staff/sort';
import { formatChinaDateTime } from '../../utils/format';
import Banner from './Banner';

const ACKNOWLEDGE: { outcome: Acknowledgement; label: string }[] = [
  { outcome: 'noted', label: '已知悉' },
  { outcome: 'handled', label: '已处置' },
];

/**
 * 紧急提醒 at the top of a staff page: the emergencies nobody has acknowledged yet that the caller
 * was alerted to (a town leader sees their town's even before the case is assigned to them), with
 * 已知悉 / 已处置 for those who may say so. `refreshKey` reloads it with the page.
 */
export default function EmergencyAlerts({ refreshKey, onChanged }: { refreshKey: number; onChanged?: () => void }) {
  const [alerts, setAlerts] = useState<Emergency[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const role = getStaffRole();
  const mayAcknowledge = role === 'dispatcher' || role === 'unit_leader' || role === 'city_leader';

  async function load() {
    if (!getToken()) return;
    const res = await staffApi.emergencies();
    if (res.ok) {
      setAlerts(res.data);
      setError('');
    } else setError(res.message);
  }

  useEffect(() => {
    void load();
  }, [refreshKey]);

  async function acknowledge(caseId: string, outcome: Acknowledgement) {
    setBusy(caseId);
    const res = await staffApi.acknowledgeEmergency(caseId, outcome);
    setBusy(null);
    if (!res.ok) setError(res.message);
    await load();
    onChanged?.();
  }

  if (alerts.length === 0 && !error) return null;
  return (
    <View className='panel emergencies' role='region' aria-label='紧急提醒'>
      <Text className='staff__sub'>紧急提醒（{alerts.length}）</Text>
      <Banner text={error} />
      {alerts.map((a) => (
        <View key={a.caseId} className='row row--emergency'>
          <View className='row__head'>
            <Text className='mark--emergency'>{EMERGENCY_MARK}</Text>
            <Text className='row__number'>{a.number}</Text>
          </View>
          <Text className='row__text'>{shortText(a.text)}</Text>
          <Text className='staff__muted'>
            {a.place} · {formatChinaDateTime(a.raisedAt) ?? ''}
          </Text>
          <Text className='staff__muted'>请马上电话联系群众，问清是否有生命危险。</Text>
          {mayAcknowledge && (
            <View className='actions'>
              {ACKNOWLEDGE.map((b) => (
                <Button key={b.outcome} className='btn' size='mini' disabled={busy === a.caseId} onClick={() => void acknowledge(a.caseId, b.outcome)}>
                  {b.label}
                </Button>
              ))}
              <Button className='btn btn--plain' size='mini' onClick={() => void Taro.navigateTo({ url: `/pages/staff/case/index?id=${encodeURIComponent(a.caseId)}` })}>
                看案件
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
