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
