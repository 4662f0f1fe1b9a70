import { Text, View } from '@tarojs/components';
import type { IndicatorCard } from '../../../staff/indicators';

/** Each indicator as a large number, its change against the four weeks before in words and arrow, and a bar per week. */
export default function IndicatorCards({ cards }: { cards: IndicatorCard[] }) {
  return (
    <View className='kpis'>
      {cards.map((c) => (
        <View key={c.code} className='kpi'>
          <Text className='kpi__name'>{c.name}</Text>
          <Text className='kpi__value'>{c.value}</Text>
          <Text className={`kpi__change kpi__change--${c.tone}`}>
            {c.arrow && `${c.arrow} `}
            {c.change}
          </Text>
          <View className='kpi__bars' ariaLabel={`${c.name}每周：${c.bars.map((b) => `${b.label}${b.value}`).join('，')}`}>
            {c.bars.map((b) => (
              <View key={b.week} className='kpi__bar-slot'>
                <View className='kpi__bar' style={{ height: `${Math.round(b.height * 100)}%` }} />
              </View>
            ))}
          </View>
          {c.bars.length > 0 && (
            <View className='kpi__axis'>
              <Text>{c.bars[0].label}</Text>
              <Text>{c.bars[c.bars.length - 1].label}</Text>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
