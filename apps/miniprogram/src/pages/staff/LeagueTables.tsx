import { Text, View } from '@tarojs/components';
import type { LeagueWeek } from '../../api/staff';
import { GROUP_LABELS, leagueLines, nothingDueText } from '../../staff/league';
import './league-rows.scss';

/** A week's two tables (towns, departments): rank, unit, score, red or black in words and colour, what cost it points. */
export default function LeagueTables({ week, highlight }: { week: LeagueWeek; highlight?: string | null }) {
  return (
    <View>
      {week.tables.map((table) => {
        const apart = nothingDueText(table);
        return (
          <View key={table.group} className='league__table'>
            <Text className='staff__sub'>{GROUP_LABELS[table.group]}</Text>
            {table.rows.length === 0 && <Text className='staff__empty'>本周没有单位有到期诉求</Text>}
            {leagueLines(table).map((l) => (
              <View key={l.key} className={`${l.className}${l.key === highlight ? ' league__row--mine' : ''}`}>
                <View className='league__head'>
                  <Text className='league__rank'>{l.rank}</Text>
                  <Text className='league__name'>{l.name}</Text>
                  {l.list && <Text className='league__list'>{l.list}</Text>}
                  <Text className='league__score'>{l.score}</Text>
                </View>
                <Text className='league__why'>{l.explanation}</Text>
              </View>
            ))}
            {apart && <Text className='league__apart'>{apart}</Text>}
          </View>
        );
      })}
    </View>
  );
}
