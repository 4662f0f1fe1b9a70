/** Options and preselection for the dispatcher's forms (分类, 转办). */
import type { CaseKind, RoutingSuggestion, StaffCase, Taxonomy, Unit, Urgency } from './types';

export interface Option {
  code: string;
  label: string;
}

/** The 16 sub-items, in taxonomy order, labelled "基础设施·道路交通". */
export function subItemOptions(taxonomy: Pick<Taxonomy, 'categories' | 'subItems'> | null | undefined): Option[] {
  if (!taxonomy) return [];
  const categories = new Map((taxonomy.categories ?? []).map((c) => [c.code, c.name]));
  return (taxonomy.subItems ?? []).map((s) => {
    const cat = categories.get(s.category);
    return { code: s.code, label: cat ? `${cat}·${s.name}` : s.name };
  });
}

/** The classifier's suggestion (or the current classification) to start the 分类 form with. */
export function classifyDefaults(
  c: Pick<StaffCase, 'kind' | 'subItem' | 'urgency' | 'suggestion'>,
): { kind: CaseKind; subItem: string | null; urgency: Urgency } {
  return {
    kind: c.kind ?? c.suggestion?.kind ?? 'complaint',
    subItem: c.subItem ?? c.suggestion?.subItem ?? null,
    urgency: c.urgency ?? c.suggestion?.urgency ?? 'normal',
  };
}

const LEVEL_ORDER: Record<Unit['level'], number> = { city: 0, department: 1, region: 2, town: 3, village: 4 };
const LEVEL_NAMES: Record<Unit['level'], string> = { city: '市级', department: '部门', region: '片区', town: '乡镇', village: '村社区' };

/** Units for the pickers: city, departments, regions, towns, villages; by name within a level. */
export function unitOptions(units: readonly Unit[] | null | undefined): Option[] {
  return [...(units ?? [])]
    .sort((a, b) => (LEVEL_ORDER[a.level] ?? 9) - (LEVEL_ORDER[b.level] ?? 9) || a.name.localeCompare(b.name, 'zh-CN'))
    .map((u) => ({ code: u.id, label: `${u.name}（${LEVEL_NAMES[u.level] ?? u.level}）` }));
}

/** The lead unit to preselect: the routing suggestion when it names a known unit. */
export function assignDefault(suggestion: RoutingSuggestion | null | undefined, options: readonly Option[]): string | null {
  const id = suggestion?.unitId;
  return id && options.some((o) => o.code === id) ? id : null;
}

/** Index of a code in options, or -1. */
export function indexOf(options: readonly Option[], code: string | null | undefined): number {
  return code ? options.findIndex((o) => o.code === code) : -1;
}

export function labelOf(options: readonly Option[], code: string | null | undefined, fallback = ''): string {
  return options.find((o) => o.code === code)?.label ?? fallback;
}
