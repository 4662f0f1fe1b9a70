/** Options and preselection for the dispatcher’s forms (分类); units are chosen with components/UnitPicker. */
import type { CaseKind, StaffCase, Taxonomy, Urgency } from '../api/staff';

export interface Option {
  code: string;
  label: string;
}

/** The sub-items (19 in the default taxonomy), in taxonomy order, labelled "基础设施·道路交通". */
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

/** Index of a code in options, or -1. */
export function indexOf(options: readonly Option[], code: string | null | undefined): number {
  return code ? options.findIndex((o) => o.code === code) : -1;
}

export function labelOf(options: readonly Option[], code: string | null | undefined, fallback = ''): string {
  return options.find((o) => o.code === code)?.label ?? fallback;
}

/** What the classifier was unsure about, in the dispatcher's words, and the sub-items it hesitated between. */
export interface SuggestionDoubt {
  /** 系统不确定，请核对 and the fields to look at. */
  message: string;
  /** The sub-items it weighed, best first, labelled with its confidence ("基础设施·供水水利 62%"); tap one to choose it. */
  alternatives: Option[];
}

const DOUBT_FIELDS: ReadonlyArray<[string, string]> = [
  ['kind', '诉求类型'],
  ['sub-item', '分类'],
  ['urgency', '紧急程度'],
  ['red', '紧急程度'],
];

/** Null when the classifier was sure (or the case predates the flag); else what to show above the 分类 form. */
export function suggestionDoubt(suggestion: unknown, options: readonly Option[]): SuggestionDoubt | null {
  if (!suggestion || typeof suggestion !== 'object') return null;
  const s = suggestion as { uncertain?: unknown; reasons?: unknown; alternatives?: unknown };
  if (s.uncertain !== true) return null;
  const reasons = Array.isArray(s.reasons) ? s.reasons.filter((r): r is string => typeof r === 'string') : [];
  const fields = [...new Set(DOUBT_FIELDS.filter(([prefix]) => reasons.some((r) => r.startsWith(prefix))).map(([, name]) => name))];
  const notNow = reasons.includes('red-not-now') ? '（提到的危险像是以前发生的或担心会发生）' : '';
  const alternatives = (Array.isArray(s.alternatives) ? s.alternatives : []).flatMap((a) => {
    const code = (a as { subItem?: unknown })?.subItem;
    const score = (a as { score?: unknown })?.score;
    const option = typeof code === 'string' ? options.find((o) => o.code === code) : undefined;
    return option ? [{ code: option.code, label: typeof score === 'number' ? `${option.label} ${Math.round(score * 100)}%` : option.label }] : [];
  });
  return { message: `系统不确定，请核对${fields.length ? `：${fields.join('、')}` : ''}${notNow}`, alternatives };
}
