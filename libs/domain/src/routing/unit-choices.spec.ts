import { orderUnitChoices, type ChoosableUnit } from './unit-choices';

const unit = (id: string, name: string, level: ChoosableUnit['level'], parentId: string | null = 'city'): ChoosableUnit => ({ id, name, level, parentId });

const units: ChoosableUnit[] = [
  unit('city', '市民声直达办公室', 'city', null),
  unit('region', '北部片区分中心', 'region'),
  unit('v-batai-2', '石板村', 'village', 'batai'),
  unit('jingxi', '井溪镇', 'town', 'region'),
  unit('water', '市水利局', 'department'),
  unit('batai', '八台镇', 'town', 'region'),
  unit('v-jingxi-1', '胜利村', 'village', 'jingxi'),
  unit('v-batai-1', '香炉村', 'village', 'batai'),
  unit('transport', '市交通运输局', 'department'),
];

const ids = (ctx?: Parameters<typeof orderUnitChoices>[1]) => orderUnitChoices(units, ctx).map((c) => `${c.group}:${c.unit.id}`);

describe(orderUnitChoices.name, () => {
  it('with nothing known: departments, then each town with its villages under it, then the centres', () => {
    expect(orderUnitChoices(units).map((c) => c.unit.id)).toEqual(['transport', 'water', 'batai', 'v-batai-2', 'v-batai-1', 'jingxi', 'v-jingxi-1', 'region', 'city']);
  });

  it('puts the suggestion first, then recent units, then the case’s own town and its villages; each unit once', () => {
    expect(ids({ suggestedId: 'v-batai-1', recentIds: ['water', 'v-batai-1', 'gone'], placeTownId: 'batai' })).toEqual([
      'suggested:v-batai-1',
      'recent:water',
      'same_town:batai',
      'same_town:v-batai-2',
      'other:transport',
      'other:jingxi',
      'other:v-jingxi-1',
      'other:region',
      'other:city',
    ]);
  });

  it('names the town of every village, and of nothing else', () => {
    const towns = new Map(orderUnitChoices(units).map((c) => [c.unit.id, c.town?.name ?? null]));
    expect(towns.get('v-batai-1')).toBe('八台镇');
    expect(towns.get('v-jingxi-1')).toBe('井溪镇');
    expect(towns.get('batai')).toBeNull();
    expect(towns.get('water')).toBeNull();
  });

  it('keeps a village whose town is missing, and ignores a place that is not a town', () => {
    const orphan = unit('v-lost', '无主村', 'village', 'nowhere');
    const order = orderUnitChoices([...units, orphan], { placeTownId: 'water' });
    expect(order.map((c) => c.unit.id)).toContain('v-lost');
    expect(order.filter((c) => c.group === 'same_town')).toEqual([]);
    expect(order).toHaveLength(units.length + 1);
  });
});
