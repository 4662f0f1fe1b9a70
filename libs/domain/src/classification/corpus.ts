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
