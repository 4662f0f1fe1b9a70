/** A unit as the dispatcher chooses among them (转办). */
export interface ChoosableUnit {
  id: string;
  name: string;
  level: 'city' | 'region' | 'town' | 'village' | 'department';
  parentId: string | null;
}

/** Why a unit is near the top of the list; 'other' is everything else. */
export type UnitChoiceGroup = 'suggested' | 'recent' | 'same_town' | 'other';

export interface UnitChoice<U extends ChoosableUnit = ChoosableUnit> {
  unit: U;
  group: UnitChoiceGroup;
  /** The town a village belongs to (null for every other level). */
  town: U | null;
}

export interface UnitChoiceContext {
  /** The routing suggestion, preselected. */
  suggestedId?: string | null;
  /** Units this dispatcher assigned to lately, most recent first. */
  recentIds?: readonly string[];
  /** The town the case's place is in (or the town of its village). */
  placeTownId?: string | null;
}

// Departments and towns are where cases go; the command centre and regional sub-centres rarely take one.
const LEVEL_RANK: Record<ChoosableUnit['level'], number> = { department: 0, town: 1, village: 1, region: 2, city: 3 };
const byName = (a: ChoosableUnit, b: ChoosableUnit) => a.name.localeCompare(b.name, 'zh-CN');

/**
 * Every unit once, in the order a dispatcher wants them: the suggestion, their recent units, the
 * units of the case's own town (the town, then its villages), then the rest: departments, then
 * each town followed by its villages, then regional sub-centres and the command centre.
 */
export function orderUnitChoices<U extends ChoosableUnit>(units: readonly U[], ctx: UnitChoiceContext = {}): UnitChoice<U>[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const townOf = (u: U): U | null => {
    if (u.level !== 'village' || !u.parentId) return null;
    const parent = byId.get(u.parentId);
    return parent?.level === 'town' ? parent : null;
  };
  const out: UnitChoice<U>[] = [];
  const placed = new Set<string>();
  const put = (u: U | undefined, group: UnitChoiceGroup) => {
    if (!u || placed.has(u.id)) return;
    placed.add(u.id);
    out.push({ unit: u, group, town: townOf(u) });
  };
  const villagesOf = (townId: string) => units.filter((u) => u.level === 'village' && u.parentId === townId).sort(byName);

  put(ctx.suggestedId ? byId.get(ctx.suggestedId) : undefined, 'suggested');
  for (const id of ctx.recentIds ?? []) put(byId.get(id), 'recent');
  const placeTown = ctx.placeTownId ? byId.get(ctx.placeTownId) : undefined;
  if (placeTown?.level === 'town') {
    put(placeTown, 'same_town');
    for (const v of villagesOf(placeTown.id)) put(v, 'same_town');
  }
  const rest = units.filter((u) => u.level !== 'village' || !townOf(u)).sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || byName(a, b));
  for (const u of rest) {
    put(u, 'other');
    if (u.level === 'town') for (const v of villagesOf(u.id)) put(v, 'other');
  }
  return out;
}
