import { CASE_KINDS, type CaseKind } from '../case/case-kind';
import { normaliseForMatching } from './classifier';
import { URGENCIES, type Urgency } from './rules';
import type { Taxonomy } from './taxonomy';

/** The corpus knows one outcome the case kinds do not: a message that asks for nothing (greeting, thanks, test). */
export const CORPUS_KINDS = [...CASE_KINDS, 'not_a_demand'] as const;
export type CorpusKind = (typeof CORPUS_KINDS)[number];

/** What a text shows, so an evaluation can be cut by the ways residents actually write. */
export const CORPUS_TRAITS = [
  'dialect',
  'typo-homophone',
  'voice-no-punctuation',
  'rambling',
  'multi-problem',
  'hypothetical',
  'past-mention',
  'negation',
  'chatter',
  'thanks',
  'short',
  'long',
] as const;
export type CorpusTrait = (typeof CORPUS_TRAITS)[number];

export type CorpusItem =
  | { readonly id: string; readonly text: string; readonly kind: CaseKind; readonly subItem: string; readonly urgency: Urgency; readonly traits: readonly CorpusTrait[] }
  | { readonly id: string; readonly text: string; readonly kind: 'not_a_demand'; readonly subItem: null; readonly urgency: null; readonly traits: readonly CorpusTrait[] };

export const CORPUS_SPLITS = ['train', 'dev', 'test'] as const;
export type CorpusSplit = (typeof CORPUS_SPLITS)[number];

/** FNV-1a over the UTF-16 code units, 32 bits unsigned: stable across machines, runtimes and file orders. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The fixed split: a demand's id alone decides it (hash mod 100: 0–59 train, 60–79 dev, 80–99 test). */
export function corpusSplitOf(id: string): CorpusSplit {
  const bucket = fnv1a32(id) % 100;
  return bucket < 60 ? 'train' : bucket < 80 ? 'dev' : 'test';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one parsed line against the labelling guide and the taxonomy; returns the item or every fault found. */
export function checkCorpusItem(raw: unknown, taxonomy: Taxonomy): { item: CorpusItem } | { problems: string[] } {
  if (!isObj(raw)) return { problems: ['not a JSON object'] };
  const problems: string[] = [];
  const bad = (m: string) => problems.push(m);
  if (typeof raw.id !== 'string' || !/^[A-Za-z0-9_-]+$/.test(raw.id)) bad(`id ${JSON.stringify(raw.id)} is not a simple string`);
  if (typeof raw.text !== 'string' || raw.text.trim().length === 0) bad('text is missing or empty');
  const kind = raw.kind;
  if (!(CORPUS_KINDS as readonly unknown[]).includes(kind)) bad(`unknown kind ${JSON.stringify(kind)}`);
  const subItems = new Set(taxonomy.subItems.map((s) => s.code));
  if (kind === 'not_a_demand') {
    if (raw.subItem !== null) bad('a non-demand has subItem null');
    if (raw.urgency !== null) bad('a non-demand has urgency null');
  } else {
    if (typeof raw.subItem !== 'string' || !subItems.has(raw.subItem)) bad(`unknown sub-item ${JSON.stringify(raw.subItem)}`);
    if (!(URGENCIES as readonly unknown[]).includes(raw.urgency)) bad(`unknown urgency ${JSON.stringify(raw.urgency)}`);
  }
  const traits = raw.traits ?? [];
  if (!Array.isArray(traits)) bad('traits is not a list');
  else {
    for (const t of traits) if (!(CORPUS_TRAITS as readonly unknown[]).includes(t)) bad(`unknown trait ${JSON.stringify(t)}`);
    if (new Set(traits).size !== traits.length) bad('a trait is listed twice');
  }
  if (problems.length > 0) return { problems };
  return {
    item: {
      id: raw.id as string,
      text: raw.text as string,
      kind: kind as CorpusKind,
      subItem: raw.subItem as string,
      urgency: raw.urgency as Urgency,
      traits: traits as CorpusTrait[],
    } as CorpusItem,
  };
}

export interface CorpusLineFault {
  /** Where: the source's name and the 1-based line. */
  readonly at: string;
  readonly id?: string;
  readonly problems: readonly string[];
}

export interface ParsedCorpus {
  readonly items: readonly CorpusItem[];
  readonly faults: readonly CorpusLineFault[];
}

export interface CorpusSource {
  readonly name: string;
  readonly text: string;
}

/**
 * Reads JSON Lines sources in order and checks every line: labels valid against the taxonomy, ids unique,
 * texts unique (compared as the classifier reads them: full-width folded, lower case, no whitespace).
 * A line that fails is reported and left out; the first of two duplicates is kept. Blank lines are skipped.
 */
export function parseCorpus(sources: readonly CorpusSource[], taxonomy: Taxonomy): ParsedCorpus {
  const items: CorpusItem[] = [];
  const faults: CorpusLineFault[] = [];
  const ids = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const source of sources) {
    source.text.split('\n').forEach((line, i) => {
      if (line.trim().length === 0) return;
      const at = `${source.name}:${i + 1}`;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        return faults.push({ at, problems: ['not valid JSON'] });
      }
      const checked = checkCorpusItem(raw, taxonomy);
      const id = isObj(raw) && typeof raw.id === 'string' ? raw.id : undefined;
      if ('problems' in checked) return faults.push({ at, id, problems: checked.problems });
      const { item } = checked;
      const key = normaliseForMatching(item.text);
      const sameId = ids.get(item.id);
      const sameText = texts.get(key);
      const problems = [
        ...(sameId ? [`id already used at ${sameId}`] : []),
        ...(sameText ? [`the same text already appears at ${sameText}`] : []),
      ];
      if (problems.length > 0) return faults.push({ at, id, problems });
      ids.set(item.id, at);
      texts.set(key, at);
      items.push(item);
    });
  }
  return { items, faults };
}

/**
 * What can be read of a file still being written: every complete line. A last line without its newline
 * is kept only when it is a whole JSON value; otherwise it is dropped and returned, so the caller can say so.
 */
export function completeLines(text: string): { text: string; droppedPartial: string | null } {
  if (text.length === 0 || text.endsWith('\n')) return { text, droppedPartial: null };
  const cut = text.lastIndexOf('\n');
  const last = text.slice(cut + 1);
  try {
    JSON.parse(last);
    return { text, droppedPartial: null };
  } catch {
    return { text: text.slice(0, cut + 1), droppedPartial: last };
  }
}

/** Splits items by the fixed rule, keeping each split in the given order. */
export function splitCorpus(items: readonly CorpusItem[]): Record<CorpusSplit, CorpusItem[]> {
  const out: Record<CorpusSplit, CorpusItem[]> = { train: [], dev: [], test: [] };
  for (const item of items) out[corpusSplitOf(item.id)].push(item);
  return out;
}

/** One item per line, keys in the guide's order, so a rebuild from the same parts gives the same bytes. */
export function formatCorpusLine(item: CorpusItem): string {
  const { id, text, kind, subItem, urgency, traits } = item;
  return JSON.stringify({ id, text, kind, subItem, urgency, traits });
}

export interface CorpusCounts {
  readonly total: number;
  readonly kind: Record<string, number>;
  readonly subItem: Record<string, number>;
  readonly urgency: Record<string, number>;
  readonly trait: Record<string, number>;
}

export function corpusCounts(items: readonly CorpusItem[]): CorpusCounts {
  const kind: Record<string, number> = {};
  const subItem: Record<string, number> = {};
  const urgency: Record<string, number> = {};
  const trait: Record<string, number> = {};
  const add = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  for (const item of items) {
    add(kind, item.kind);
    if (item.subItem !== null) add(subItem, item.subItem);
    if (item.urgency !== null) add(urgency, item.urgency);
    for (const t of item.traits) add(trait, t);
  }
  return { total: items.length, kind, subItem, urgency, trait };
}

/**
 * Labels that contradict the guide or the text itself, worth a second reading (not faults: a text may mention
 * last year's flood and today's gas smell). The build lists them; they are not left out.
 */
export function corpusDoubts(item: CorpusItem): string[] {
  const doubts: string[] = [];
  const has = (t: CorpusTrait) => item.traits.includes(t);
  const length = Array.from(item.text).length;
  if (item.urgency === 'critical' && (has('hypothetical') || has('past-mention'))) doubts.push('critical, yet marked hypothetical or past');
  if (has('voice-no-punctuation') && /[，,。！!？?；;]/.test(item.text)) doubts.push('marked voice-no-punctuation, yet punctuated');
  if (has('long') && length < 150) doubts.push(`marked long, yet ${length} characters`);
  if (has('short') && length > 30) doubts.push(`marked short, yet ${length} characters`);
  return doubts;
}

/** The labels a relabel may change; the text and the id never change (a different text is a new item). */
export const RELABEL_FIELDS = ['kind', 'subItem', 'urgency', 'traits'] as const;
export type RelabelField = (typeof RELABEL_FIELDS)[number];
type Labels = Partial<Record<RelabelField, unknown>>;

/** A committed correction of one item's labels: what they were, what they are now, and why. */
export interface CorpusRelabel {
  readonly id: string;
  readonly was: Labels;
  readonly set: Labels;
  readonly reason: string;
  /** Where: the source's name and the 1-based line. */
  readonly at: string;
}

/**
 * Reads the relabel file (JSON Lines: `{"id","was":{…},"set":{…},"reason"}`). `was` names the same fields as `set`,
 * so a relabel says what it corrects; an id is relabelled on one line only, so the order of lines never matters.
 */
export function parseRelabels(source: CorpusSource): { relabels: CorpusRelabel[]; faults: CorpusLineFault[] } {
  const relabels: CorpusRelabel[] = [];
  const faults: CorpusLineFault[] = [];
  const seen = new Map<string, string>();
  source.text.split('\n').forEach((line, i) => {
    if (line.trim().length === 0) return;
    const at = `${source.name}:${i + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return faults.push({ at, problems: ['not valid JSON'] });
    }
    if (!isObj(raw)) return faults.push({ at, problems: ['not a JSON object'] });
    const problems: string[] = [];
    const id = typeof raw.id === 'string' && /^[A-Za-z0-9_-]+$/.test(raw.id) ? raw.id : undefined;
    if (!id) problems.push(`id ${JSON.stringify(raw.id)} is not a simple string`);
    const { set, was } = raw;
    if (!isObj(set) || Object.keys(set).length === 0) problems.push('set names no field');
    if (!isObj(was)) problems.push('was is missing');
    if (isObj(set) && isObj(was)) {
      for (const k of Object.keys(set)) if (!(RELABEL_FIELDS as readonly string[]).includes(k)) problems.push(`field "${k}" cannot be relabelled`);
      const keys = (o: Obj) => Object.keys(o).sort().join(',');
      if (keys(set) !== keys(was)) problems.push('was and set name different fields');
      if (Object.keys(set).every((k) => JSON.stringify(set[k]) === JSON.stringify(was[k]))) problems.push('set changes nothing');
    }
    if (typeof raw.reason !== 'string' || raw.reason.trim().length === 0) problems.push('reason is missing');
    const before = id ? seen.get(id) : undefined;
    if (before) problems.push(`id already relabelled at ${before}`);
    if (problems.length > 0) return faults.push({ at, id, problems });
    seen.set(id as string, at);
    relabels.push({ id: id as string, was: was as Labels, set: set as Labels, reason: raw.reason as string, at });
  });
  return { relabels, faults };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One item with its relabel applied. Idempotent: an item that already carries the new labels is returned as it is
 * (`applied: false`); one that carries neither the old nor the new labels is a conflict, never overwritten.
 */
export function relabelItem(
  item: CorpusItem,
  relabel: CorpusRelabel,
  taxonomy: Taxonomy,
): { item: CorpusItem; applied: boolean } | { problems: string[] } {
  const fields = Object.keys(relabel.set) as RelabelField[];
  const current = item as unknown as Record<RelabelField, unknown>;
  if (fields.every((f) => same(current[f], relabel.set[f]))) return { item, applied: false };
  const conflicts = fields.filter((f) => !same(current[f], relabel.was[f]) && !same(current[f], relabel.set[f]));
  if (conflicts.length > 0) {
    return { problems: conflicts.map((f) => `${relabel.id}.${f} is ${JSON.stringify(current[f])}, neither ${JSON.stringify(relabel.was[f])} (was) nor ${JSON.stringify(relabel.set[f])} (set)`) };
  }
  const checked = checkCorpusItem({ ...item, ...relabel.set }, taxonomy);
  if ('problems' in checked) return { problems: checked.problems.map((p) => `${relabel.id} relabelled: ${p}`) };
  return { item: checked.item, applied: true };
}

export interface CorpusBuild {
  /** Sorted by id, relabels applied. */
  readonly items: readonly CorpusItem[];
  readonly faults: readonly CorpusLineFault[];
  /** Items in the base (the committed splits). */
  readonly base: number;
  /** Part items new to the corpus, by part name. */
  readonly added: Readonly<Record<string, number>>;
  /** Part items already in the base with the same text and (relabelled) labels, by part name. */
  readonly alreadyIn: Readonly<Record<string, number>>;
  /** Relabels applied by this build, and those the base already carried. */
  readonly relabelled: number;
  readonly alreadyRelabelled: number;
  readonly relabels: readonly CorpusRelabel[];
}

/**
 * The corpus rebuilt from the committed splits (the base), new parts and the relabel file. A part item whose id is
 * already in the base must be that item (same text, same labels once relabelled): labels change only through the
 * relabel file, so a part can stay committed and the build stays reproducible. Nothing in the base is ever dropped
 * except a faulty line the caller chooses to leave out.
 */
export function buildCorpus(
  base: readonly CorpusSource[],
  parts: readonly CorpusSource[],
  relabelSource: CorpusSource | null,
  taxonomy: Taxonomy,
): CorpusBuild {
  const faults: CorpusLineFault[] = [];
  const fromBase = parseCorpus(base, taxonomy);
  faults.push(...fromBase.faults);
  const { relabels, faults: relabelFaults } = relabelSource ? parseRelabels(relabelSource) : { relabels: [], faults: [] };
  faults.push(...relabelFaults);
  const relabelOf = new Map(relabels.map((r) => [r.id, r]));

  const byId = new Map(fromBase.items.map((i) => [i.id, i]));
  const texts = new Map(fromBase.items.map((i) => [normaliseForMatching(i.text), i.id]));
  const added: Record<string, number> = {};
  const alreadyIn: Record<string, number> = {};
  const newItems: CorpusItem[] = [];
  for (const part of parts) {
    added[part.name] = 0;
    alreadyIn[part.name] = 0;
    const parsed = parseCorpus([part], taxonomy);
    faults.push(...parsed.faults);
    const lineOf = (id: string) => {
      const n = part.text.split('\n').findIndex((l) => l.includes(`"id":"${id}"`));
      return `${part.name}:${n + 1}`;
    };
    for (const item of parsed.items) {
      const known = byId.get(item.id);
      if (known) {
        // Compared with the relabel applied to both: the base may carry it already or not yet.
        const relabel = relabelOf.get(item.id);
        const settled = (i: CorpusItem) => {
          const r = relabel ? relabelItem(i, relabel, taxonomy) : { item: i };
          return 'item' in r ? formatCorpusLine(r.item) : null;
        };
        const line = settled(item);
        if (line !== null && line === settled(known)) alreadyIn[part.name]++;
        else faults.push({ at: lineOf(item.id), id: item.id, problems: ['the id is already in the corpus with another text or labels: change labels through the relabel file'] });
        continue;
      }
      const sameText = texts.get(normaliseForMatching(item.text));
      if (sameText) {
        faults.push({ at: lineOf(item.id), id: item.id, problems: [`the same text is already in the corpus as ${sameText}`] });
        continue;
      }
      byId.set(item.id, item);
      texts.set(normaliseForMatching(item.text), item.id);
      newItems.push(item);
      added[part.name]++;
    }
  }

  let relabelled = 0;
  let alreadyRelabelled = 0;
  for (const relabel of relabels) {
    const item = byId.get(relabel.id);
    if (!item) {
      faults.push({ at: relabel.at, id: relabel.id, problems: ['no item has this id'] });
      continue;
    }
    const r = relabelItem(item, relabel, taxonomy);
    if ('problems' in r) {
      faults.push({ at: relabel.at, id: relabel.id, problems: r.problems });
      continue;
    }
    byId.set(relabel.id, r.item);
    if (r.applied) relabelled++;
    else alreadyRelabelled++;
  }

  const items = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { items, faults, base: fromBase.items.length, added, alreadyIn, relabelled, alreadyRelabelled, relabels };
}
