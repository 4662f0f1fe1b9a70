/** The dispatcher's list of units (转办): search, sections and labels. Taro-free. */
import type { UnitChoice } from '../api/staff';

export const GROUP_TITLES: Record<UnitChoice['group'], string> = {
  suggested: '系统建议',
  recent: '最近转办过',
  same_town: '诉求所在的镇',
  other: '全部单位',
};

/** 「香炉村（八台镇）」 wherever a village is not already under its town. */
export function choiceLabel(u: Pick<UnitChoice, 'name' | 'level' | 'townName'>): string {
  return u.level === 'village' && u.townName ? `${u.name}（${u.townName}）` : u.name;
}

/**
 * What matches the typed text: the name, the village's town, or their pinyin initials
 * (「btz」 finds 八台镇 and its villages). Blank text matches everything.
 */
export function filterChoices(units: readonly UnitChoice[], query: string): UnitChoice[] {
  const q = query.replace(/\s+/g, '');
  if (!q) return [...units];
  const lower = q.toLowerCase();
  const townInitials = new Map(units.filter((u) => u.level === 'town').map((u) => [u.name, u.initials]));
  return units.filter(
    (u) =>
      u.name.includes(q) ||
      u.initials.includes(lower) ||
      Boolean(u.townName && (u.townName.includes(q) || (townInitials.get(u.townName) ?? '').includes(lower))),
  );
}

export interface ChoiceRow {
  id: string;
  label: string;
  /** A village listed right under its town. */
  indented: boolean;
}

export interface ChoiceSection {
  group: UnitChoice['group'];
  title: string;
  rows: ChoiceRow[];
}

/** The units in the server's order, cut into titled sections; in 全部单位 villages sit under their town. */
export function choiceSections(units: readonly UnitChoice[]): ChoiceSection[] {
  const order: UnitChoice['group'][] = ['suggested', 'recent', 'same_town', 'other'];
  return order.flatMap((group) => {
    const items = units.filter((u) => u.group === group);
    if (!items.length) return [];
    const townsShown = new Set(items.filter((u) => u.level === 'town').map((u) => u.name));
    const rows = items.map((u) => {
      const underTown = u.level === 'village' && Boolean(u.townName && townsShown.has(u.townName));
      return { id: u.id, label: underTown ? u.name : choiceLabel(u), indented: underTown };
    });
    return [{ group, title: GROUP_TITLES[group], rows }];
  });
}
