import { CASE_KINDS } from '../case/case-kind';
import taxonomyJson from '../../data/taxonomy.json';
import { defaultTaxonomy } from './default-data';
import { defaultRoute, parseTaxonomy, TaxonomyError } from './taxonomy';

/** A deep copy of the shipped taxonomy to break in one place per test. */
const raw = (): any => JSON.parse(JSON.stringify(taxonomyJson));

function problemsOf(input: unknown): string[] {
  try {
    parseTaxonomy(input);
  } catch (e) {
    if (e instanceof TaxonomyError) return [...e.problems];
    throw e;
  }
  throw new Error('the taxonomy was accepted');
}

describe(parseTaxonomy.name, () => {
  const sut = defaultTaxonomy();

  it('reads the shipped taxonomy: 4 categories, 19 sub-items with unique codes in known categories', () => {
    expect(sut.categories).toHaveLength(4);
    expect(sut.subItems).toHaveLength(19);
    expect(new Set(sut.subItems.map((s) => s.code)).size).toBe(19);
    const categories = new Set(sut.categories.map((c) => c.code));
    for (const s of sut.subItems) expect(categories.has(s.category)).toBe(true);
    expect(sut.categories.map((c) => c.name)).toEqual(['基础设施', '民生保障', '咨询投诉', '建言献策']);
  });

  it('covers every case kind with its deadline class', () => {
    expect(sut.kinds.map((k) => k.code).sort()).toEqual([...CASE_KINDS].sort());
    expect(sut.kinds.find((k) => k.code === 'consultation')?.deadlineClass).toBe('consultation');
    expect(sut.deadlineClasses.find((c) => c.code === 'consultation')?.closeWorkdays).toBe(3);
    expect(sut.deadlineClasses.find((c) => c.code === 'standard')?.closeWorkdays).toBe(5);
  });

  it('gives every city-owned sub-item a known department and no other sub-item one', () => {
    const departments = new Set(sut.departments.map((d) => d.code));
    for (const s of sut.subItems) {
      if (s.tier === 'city') expect(departments.has(s.departmentCode ?? '')).toBe(true);
      else expect(s.departmentCode).toBeNull();
    }
    expect(new Set(sut.subItems.map((s) => s.tier))).toEqual(new Set(['village', 'town', 'city']));
  });

  it.each<[string, (t: any) => void, RegExp]>([
    ['a duplicate sub-item code', (t) => (t.subItems[1].code = t.subItems[0].code), /code "roads-transport" is not unique/],
    ['a sub-item in an unknown category', (t) => (t.subItems[2].category = 'transport'), /unknown category "transport"/],
    ['no sub-items', (t) => (t.subItems = []), /there are no sub-items/],
    ['5 categories', (t) => t.categories.push({ code: 'other', name: '其他', description: '' }), /expected 4 categories, found 5/],
    ['a category with no sub-item', (t) => (t.categories[3].code = 'ideas'), /category "ideas" has no sub-item/],
    ['a city sub-item without a department', (t) => (t.subItems[0].departmentCode = null), /owned by the city but names no known department/],
    ['a city sub-item with an unknown department', (t) => (t.subItems[0].departmentCode = 'dept-roads'), /owned by the city but names no known department/],
    ['a town sub-item with a department', (t) => (t.subItems[3].departmentCode = 'dept-water'), /departmentCode must be null/],
    ['an unknown tier', (t) => (t.subItems[0].tier = 'county'), /invalid tier "county"/],
    ['an unknown deadline class', (t) => (t.subItems[0].deadlineClass = 'fast'), /invalid deadlineClass "fast"/],
    ['a missing case kind', (t) => t.kinds.pop(), /kind "suggestion" is missing/],
    ['a sub-item without a name', (t) => delete t.subItems.find((s: any) => s.code === 'education').name, /"education" has no name/],
    ['an invalid code', (t) => (t.subItems.find((s: any) => s.code === 'education').code = 'Education!'), /invalid code "Education!"/],
  ])('rejects a taxonomy with %s', (_what, breakIt, message) => {
    const t = raw();
    breakIt(t);
    expect(problemsOf(t).join('\n')).toMatch(message);
  });

  it('lists every fault at once, not only the first', () => {
    const t = raw();
    t.subItems[0].category = 'nowhere';
    t.subItems[1].tier = 'province';
    t.categories.push({ code: 'other', name: '其他', description: '' });
    expect(problemsOf(t)).toHaveLength(4); // the unused category "other" is a fault of its own
  });

  it('still reads a taxonomy stored before the additions: a city may keep the seed\'s 16 sub-items, or drop some', () => {
    const t = raw();
    t.subItems = t.subItems.filter((s: any) => !['safety-hazards', 'property-management', 'fire-safety'].includes(s.code));
    expect(parseTaxonomy(t).subItems).toHaveLength(16);
  });

  it('rejects what is not a taxonomy', () => {
    expect(() => parseTaxonomy(null)).toThrow(TaxonomyError);
    expect(problemsOf({ subItems: 'x' }).join('\n')).toMatch(/subItems is not a list/);
  });
});

describe(defaultRoute.name, () => {
  const sut = defaultTaxonomy();

  it('routes a sub-item to its default tier, department and deadline', () => {
    expect(defaultRoute(sut, 'water-supply')).toEqual({
      subItem: 'water-supply',
      category: 'infrastructure',
      tier: 'city',
      departmentCode: 'dept-water',
      deadlineClass: 'standard',
      closeWorkdays: 5,
    });
    expect(defaultRoute(sut, 'policy-services')).toMatchObject({ tier: 'town', departmentCode: null, closeWorkdays: 3 });
    expect(defaultRoute(sut, 'disputes')).toMatchObject({ tier: 'village', departmentCode: null });
  });

  it('routes the added sub-items to the city departments that own them: 应急管理局, 住建局, 消防救援大队', () => {
    const departmentName = (code: string) => sut.departments.find((d) => d.code === defaultRoute(sut, code)?.departmentCode)?.name;
    expect(defaultRoute(sut, 'safety-hazards')).toMatchObject({ category: 'infrastructure', tier: 'city', departmentCode: 'dept-emergency', closeWorkdays: 5 });
    expect(defaultRoute(sut, 'property-management')).toMatchObject({ category: 'infrastructure', tier: 'city', departmentCode: 'dept-housing', closeWorkdays: 5 });
    expect(defaultRoute(sut, 'fire-safety')).toMatchObject({ category: 'infrastructure', tier: 'city', departmentCode: 'dept-fire-rescue', closeWorkdays: 5 });
    expect(['safety-hazards', 'property-management', 'fire-safety'].map(departmentName)).toEqual(['市应急管理局', '市住房和城乡建设局', '市消防救援大队']);
    expect(['safety-hazards', 'property-management', 'fire-safety'].map((c) => sut.subItems.find((s) => s.code === c)?.name)).toEqual(['安全隐患', '物业管理', '消防安全']);
  });

  it('knows nothing of an unknown sub-item', () => {
    expect(defaultRoute(sut, 'weather')).toBeUndefined();
  });
});
