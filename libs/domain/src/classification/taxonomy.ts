import { CASE_KINDS, type CaseKind } from '../case/case-kind';

/** Which level of the "村级直办、镇级承办、市级攻坚" response owns a sub-item by default. */
export const TIERS = ['village', 'town', 'city'] as const;
export type Tier = (typeof TIERS)[number];

/** "135": consultations close within 3 working days, everything else within 5. */
export const DEADLINE_CLASSES = ['consultation', 'standard'] as const;
export type DeadlineClass = (typeof DEADLINE_CLASSES)[number];

/**
 * The seed's 分类处置规范 has 4 大类. It had 16 子项; the default now has 19 (安全隐患, 物业管理 and 消防安全 added),
 * and a city may add or drop sub-items, so their number is not fixed: a taxonomy stored before the additions stays valid.
 */
export const TAXONOMY_CATEGORY_COUNT = 4;

export interface TaxonomyKind {
  readonly code: CaseKind;
  readonly name: string;
  readonly deadlineClass: DeadlineClass;
}

export interface TaxonomyDeadlineClass {
  readonly code: DeadlineClass;
  readonly name: string;
  readonly closeWorkdays: number;
}

export interface TaxonomyDepartment {
  readonly code: string;
  readonly name: string;
}

export interface TaxonomyCategory {
  readonly code: string;
  readonly name: string;
  readonly description: string;
}

export interface TaxonomySubItem {
  readonly code: string;
  readonly name: string;
  readonly category: string;
  readonly tier: Tier;
  /** The city department that owns it; null unless the tier is 'city'. */
  readonly departmentCode: string | null;
  readonly deadlineClass: DeadlineClass;
  readonly description: string;
}

export interface Taxonomy {
  readonly version: number;
  readonly title: string;
  readonly kinds: readonly TaxonomyKind[];
  readonly deadlineClasses: readonly TaxonomyDeadlineClass[];
  readonly departments: readonly TaxonomyDepartment[];
  readonly categories: readonly TaxonomyCategory[];
  readonly subItems: readonly TaxonomySubItem[];
}

/** A taxonomy (or rules, or labelled set) that does not hold together; `problems` lists every fault found. */
export class TaxonomyError extends Error {
  constructor(
    readonly problems: readonly string[],
    what = 'taxonomy',
  ) {
    super(`invalid ${what}: ${problems.join('; ')}`);
    this.name = 'TaxonomyError';
  }
}

const CODE = /^[a-z][a-z0-9-]*$/;
const DEPT_CODE = /^dept-[a-z0-9-]+$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Reads a taxonomy from parsed JSON and checks that it holds together; throws TaxonomyError listing every fault. */
export function parseTaxonomy(raw: unknown): Taxonomy {
  const problems: string[] = [];
  const bad = (msg: string) => problems.push(msg);
  if (!isObj(raw)) throw new TaxonomyError(['not an object']);

  const list = (key: string): Obj[] => {
    const v = raw[key];
    if (!Array.isArray(v)) {
      bad(`${key} is not a list`);
      return [];
    }
    return v.filter((item, i) => (isObj(item) ? true : (bad(`${key}[${i}] is not an object`), false)));
  };
  const uniqueCodes = (key: string, items: Obj[], pattern: RegExp): Set<string> => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const code = item.code;
      if (typeof code !== 'string' || !pattern.test(code)) return bad(`${key}[${i}] has an invalid code ${JSON.stringify(code)}`);
      if (seen.has(code)) bad(`${key} code "${code}" is not unique`);
      seen.add(code);
      if (!text(item.name)) bad(`${key} "${code}" has no name`);
    });
    return seen;
  };

  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) bad('version is not a positive integer');
  if (!text(raw.title)) bad('title is missing');

  const deadlineClasses = list('deadlineClasses');
  const classCodes = uniqueCodes('deadlineClasses', deadlineClasses, CODE);
  for (const c of DEADLINE_CLASSES) if (!classCodes.has(c)) bad(`deadline class "${c}" is missing`);
  for (const c of deadlineClasses) {
    if (typeof c.code === 'string' && !(DEADLINE_CLASSES as readonly string[]).includes(c.code)) bad(`deadline class "${c.code}" is unknown`);
    const d = c.closeWorkdays;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 15) bad(`deadline class "${String(c.code)}" has invalid closeWorkdays`);
  }
  const isClass = (v: unknown): v is DeadlineClass => typeof v === 'string' && (DEADLINE_CLASSES as readonly string[]).includes(v);

  const kinds = list('kinds');
  const kindCodes = uniqueCodes('kinds', kinds, CODE);
  for (const k of CASE_KINDS) if (!kindCodes.has(k)) bad(`kind "${k}" is missing`);
  for (const k of kinds) {
    if (typeof k.code === 'string' && !(CASE_KINDS as readonly string[]).includes(k.code)) bad(`kind "${k.code}" is not a case kind`);
    if (!isClass(k.deadlineClass)) bad(`kind "${String(k.code)}" has an invalid deadlineClass`);
  }

  const departments = list('departments');
  const deptCodes = uniqueCodes('departments', departments, DEPT_CODE);

  const categories = list('categories');
  const categoryCodes = uniqueCodes('categories', categories, CODE);
  if (categories.length !== TAXONOMY_CATEGORY_COUNT) bad(`expected ${TAXONOMY_CATEGORY_COUNT} categories, found ${categories.length}`);

  const subItems = list('subItems');
  const subItemCodes = uniqueCodes('subItems', subItems, CODE);
  if (subItems.length === 0) bad('there are no sub-items');
  for (const code of subItemCodes) if (categoryCodes.has(code)) bad(`code "${code}" is both a category and a sub-item`);
  const used = new Set<unknown>();
  for (const s of subItems) {
    const label = `sub-item "${String(s.code)}"`;
    used.add(s.category);
    if (typeof s.category !== 'string' || !categoryCodes.has(s.category)) bad(`${label} names an unknown category ${JSON.stringify(s.category)}`);
    if (typeof s.tier !== 'string' || !(TIERS as readonly string[]).includes(s.tier)) bad(`${label} has an invalid tier ${JSON.stringify(s.tier)}`);
    if (!isClass(s.deadlineClass)) bad(`${label} has an invalid deadlineClass ${JSON.stringify(s.deadlineClass)}`);
    if (s.tier === 'city') {
      if (typeof s.departmentCode !== 'string' || !deptCodes.has(s.departmentCode)) bad(`${label} is owned by the city but names no known department`);
    } else if ((TIERS as readonly unknown[]).includes(s.tier) && s.departmentCode !== null) {
      bad(`${label} is owned by the ${String(s.tier)} tier, so its departmentCode must be null`);
    }
    if (typeof s.description !== 'string') bad(`${label} has no description`);
  }
  for (const c of categoryCodes) if (!used.has(c)) bad(`category "${c}" has no sub-item`);

  if (problems.length > 0) throw new TaxonomyError(problems);

  return {
    version: version as number,
    title: raw.title as string,
    kinds: kinds.map((k) => ({ code: k.code as CaseKind, name: k.name as string, deadlineClass: k.deadlineClass as DeadlineClass })),
    deadlineClasses: deadlineClasses.map((c) => ({ code: c.code as DeadlineClass, name: c.name as string, closeWorkdays: c.closeWorkdays as number })),
    departments: departments.map((d) => ({ code: d.code as string, name: d.name as string })),
    categories: categories.map((c) => ({ code: c.code as string, name: c.name as string, description: typeof c.description === 'string' ? c.description : '' })),
    subItems: subItems.map((s) => ({
      code: s.code as string,
      name: s.name as string,
      category: s.category as string,
      tier: s.tier as Tier,
      departmentCode: (s.departmentCode as string | null) ?? null,
      deadlineClass: s.deadlineClass as DeadlineClass,
      description: s.description as string,
    })),
  };
}

export function findSubItem(taxonomy: Taxonomy, code: string): TaxonomySubItem | undefined {
  return taxonomy.subItems.find((s) => s.code === code);
}

export function findCategory(taxonomy: Taxonomy, code: string): TaxonomyCategory | undefined {
  return taxonomy.categories.find((c) => c.code === code);
}

/** Where a sub-item goes by default, and how long it has: what the dispatcher's routing form starts from. */
export interface DefaultRoute {
  readonly subItem: string;
  readonly category: string;
  readonly tier: Tier;
  readonly departmentCode: string | null;
  readonly deadlineClass: DeadlineClass;
  readonly closeWorkdays: number;
}

export function defaultRoute(taxonomy: Taxonomy, subItemCode: string): DefaultRoute | undefined {
  const s = findSubItem(taxonomy, subItemCode);
  if (!s) return undefined;
  const cls = taxonomy.deadlineClasses.find((c) => c.code === s.deadlineClass);
  return {
    subItem: s.code,
    category: s.category,
    tier: s.tier,
    departmentCode: s.departmentCode,
    deadlineClass: s.deadlineClass,
    closeWorkdays: cls?.closeWorkdays ?? (s.deadlineClass === 'consultation' ? 3 : 5),
  };
}
