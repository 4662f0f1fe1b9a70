import { choiceLabel, choiceSections, filterChoices } from './unit-choice';
import type { UnitChoice } from '../api/staff';

const u = (id: string, name: string, level: UnitChoice['level'], group: UnitChoice['group'], initials: string, townName: string | null = null): UnitChoice => ({
  id,
  name,
  level,
  group,
  initials,
  townName,
});

const UNITS: UnitChoice[] = [
  u('v-xl', '香炉村', 'village', 'suggested', 'xlc', '八台镇'),
  u('water', '市水利局', 'department', 'recent', 'sslj'),
  u('batai', '八台镇', 'town', 'same_town', 'btz'),
  u('v-lm', '龙门村', 'village', 'same_town', 'lmc', '八台镇'),
  u('transport', '市交通运输局', 'department', 'other', 'sjtysj'),
  u('jingxi', '井溪镇', 'town', 'other', 'jxz'),
  u('v-sl', '胜利村', 'village', 'other', 'slc', '井溪镇'),
];

describe('filterChoices', () => {
  it.each([
    ['', ['v-xl', 'water', 'batai', 'v-lm', 'transport', 'jingxi', 'v-sl']],
    ['btz', ['v-xl', 'batai', 'v-lm']],
    ['BTZ', ['v-xl', 'batai', 'v-lm']],
    ['水利', ['water']],
    ['井溪', ['jingxi', 'v-sl']],
    ['slc', ['v-sl']],
    ['sj', ['transport']],
    ['没有', []],
  ])('「%s」', (query, ids) => {
    expect(filterChoices(UNITS, query).map((c) => c.id)).toEqual(ids);
  });
});

describe('choiceSections', () => {
  it('keeps the server’s order in titled sections; villages under a town shown in the same section are indented', () => {
    expect(choiceSections(UNITS)).toEqual([
      { group: 'suggested', title: '系统建议', rows: [{ id: 'v-xl', label: '香炉村（八台镇）', indented: false }] },
      { group: 'recent', title: '最近转办过', rows: [{ id: 'water', label: '市水利局', indented: false }] },
      {
        group: 'same_town',
        title: '诉求所在的镇',
        rows: [
          { id: 'batai', label: '八台镇', indented: false },
          { id: 'v-lm', label: '龙门村', indented: true },
        ],
      },
      {
        group: 'other',
        title: '全部单位',
        rows: [
          { id: 'transport', label: '市交通运输局', indented: false },
          { id: 'jingxi', label: '井溪镇', indented: false },
          { id: 'v-sl', label: '胜利村', indented: true },
        ],
      },
    ]);
  });

  it('names the town of a village found by itself', () => {
    expect(choiceSections(filterChoices(UNITS, 'slc'))).toEqual([{ group: 'other', title: '全部单位', rows: [{ id: 'v-sl', label: '胜利村（井溪镇）', indented: false }] }]);
    expect(choiceLabel({ name: '市水利局', level: 'department', townName: null })).toBe('市水利局');
  });
});
