import { CASE_KINDS, type CaseKind } from '../case/case-kind';
import { URGENCIES, type Urgency } from './rules';
import { TaxonomyError, type Taxonomy } from './taxonomy';

export interface LabelledDemand {
  readonly id: string;
  readonly text: string;
  readonly kind: CaseKind;
  readonly subItem: string;
  readonly urgency: Urgency;
}

export interface LabelledSet {
  /** True for sample data written for evaluation, not residents' real demands. */
  readonly synthetic: boolean;
  readonly items: readonly LabelledDemand[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a labelled set and checks every label against the taxonomy; throws TaxonomyError listing every fault. */
export function parseLabelledSet(raw: unknown, taxonomy: Taxonomy): LabelledSet {
  const problems: string[] = [];
  const bad = (m: string) => problems.push(m);
  if (!isObj(raw)) throw new TaxonomyError(['not an object'], 'labelled set');
  if (typeof raw.synthetic !== 'boolean') bad('synthetic must say whether the set is synthetic sample data');
  if (!Array.isArray(raw.items)) throw new TaxonomyError([...problems, 'items is not a list'], 'labelled set');
  const subItems = new Set(taxonomy.subItems.map((s) => s.code));
  const ids = new Set<string>();
  const texts = new Set<string>();
  const items: LabelledDemand[] = [];
  raw.items.forEach((item: unknown, i: number) => {
    if (!isObj(item)) return bad(`items[${i}] is not an object`);
    const where = `item ${typeof item.id === 'string' ? item.id : `#${i}`}`;
    const before = problems.length;
    if (typeof item.id !== 'string' || item.id.length === 0) bad(`items[${i}] has no id`);
    else if (ids.has(item.id)) bad(`${where}: id is not unique`);
    else ids.add(item.id);
    if (typeof item.text !== 'string' || item.text.trim().length < 4) bad(`${where}: text is missing or too short`);
    else if (texts.has(item.text)) bad(`${where}: the same text appears twice`);
    else texts.add(item.text);
    if (!(CASE_KINDS as readonly unknown[]).includes(item.kind)) bad(`${where}: unknown kind ${JSON.stringify(item.kind)}`);
    if (typeof item.subItem !== 'string' || !subItems.has(item.subItem)) bad(`${where}: unknown sub-item ${JSON.stringify(item.subItem)}`);
    if (!(URGENCIES as readonly unknown[]).includes(item.urgency)) bad(`${where}: unknown urgency ${JSON.stringify(item.urgency)}`);
    if (problems.length === before) {
      items.push({ id: item.id as string, text: item.text as string, kind: item.kind as CaseKind, subItem: item.subItem as string, urgency: item.urgency as Urgency });
    }
  });
  if (problems.length > 0) throw new TaxonomyError(problems, 'labelled set');
  return { synthetic: raw.synthetic as boolean, items };
}

/** Deterministic split: every 4th item (positions 4, 8, 12, … in file order) is held out; rules are tuned on the rest. */
export function splitLabelledSet<T>(items: readonly T[]): { readonly train: T[]; readonly heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  items.forEach((item, i) => ((i + 1) % 4 === 0 ? heldOut : train).push(item));
  return { train, heldOut };
}

/** How many items carry each label: for the well-formedness test and the evaluation report. */
export function labelCounts(items: readonly LabelledDemand[]): {
  readonly subItem: Record<string, number>;
  readonly kind: Record<string, number>;
  readonly urgency: Record<string, number>;
} {
  const subItem: Record<string, number> = {};
  const kind: Record<string, number> = {};
  const urgency: Record<string, number> = {};
  for (const item of items) {
    subItem[item.subItem] = (subItem[item.subItem] ?? 0) + 1;
    kind[item.kind] = (kind[item.kind] ?? 0) + 1;
    urgency[item.urgency] = (urgency[item.urgency] ?? 0) + 1;
  }
  return { subItem, kind, urgency };
}
