import { useMemo, useState } from 'react';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import Button from './Button';
import type { RoutingSuggestion, UnitChoice } from '../api/staff';
import { choiceLabel, choiceSections, filterChoices } from '../staff/unit-choice';
import './UnitPicker.scss';

interface Props {
  label: string;
  /** In the server's order: suggestion, recent, same town, then the rest. */
  units: readonly UnitChoice[];
  value: string | null;
  onPick: (id: string) => void;
  /** Shown above the list with its reason; the caller preselects it. */
  suggestion?: RoutingSuggestion | null;
  /** The search box's hint, where the units carry no pinyin initials. */
  searchHint?: string;
}

/**
 * Choosing a unit in two taps: the suggestion and the likely units are at the top, a search box
 * takes names and pinyin initials (btz → 八台镇), and villages sit under their town.
 */
export default function UnitPicker({ label, units, value, onPick, suggestion, searchHint = '搜名称或拼音首字母，如 btz' }: Props) {
  const [query, setQuery] = useState('');
  const sections = useMemo(() => choiceSections(filterChoices(units, query)), [units, query]);
  const chosen = units.find((u) => u.id === value);

  return (
    <View className='field unit-picker'>
      <Text className='field__label'>{label}</Text>
      {suggestion && (
        <Text className='unit-picker__reason'>
          系统建议：{suggestion.unitName ?? '无'}
          {suggestion.reason ? `（${suggestion.reason}）` : ''}
        </Text>
      )}
      <Text className='unit-picker__chosen'>{chosen ? `已选：${choiceLabel(chosen)}` : '还没有选单位'}</Text>
      <Input
        className='field__input'
        value={query}
        aria-label={`搜索${label}`}
        placeholder={searchHint}
        onInput={(e) => setQuery(e.detail.value)}
      />
      <ScrollView scrollY className='unit-picker__list'>
        {sections.map((s) => (
          <View key={s.group}>
            <Text className='unit-picker__group'>{s.title}</Text>
            {s.rows.map((r) => (
              <Button
                key={r.id}
                className={`unit-picker__option${r.indented ? ' unit-picker__option--village' : ''}${r.id === value ? ' unit-picker__option--chosen' : ''}`}
                aria-pressed={r.id === value}
                onClick={() => onPick(r.id)}
              >
                {r.id === value ? `✓ ${r.label}` : r.label}
              </Button>
            ))}
          </View>
        ))}
        {sections.length === 0 && <Text className='staff__muted'>没有找到这个单位，换个字试试</Text>}
      </ScrollView>
    </View>
  );
}
