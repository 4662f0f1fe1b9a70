import { CASE_KINDS, type CaseKind } from '../case/case-kind';
import type { ClassifierRules, RuleGroup, Urgency } from './rules';
import type { Segmenter } from './segmenter';
import type { Taxonomy } from './taxonomy';

export interface ClassifierOptions {
  readonly segment: Segmenter;
  readonly rules: ClassifierRules;
  readonly taxonomy: Taxonomy;
}

export interface MatchedTerm {
  /** The rule's term, or `/pattern/` for a pattern rule. */
  readonly term: string;
  readonly group: 'subItem' | 'kind' | 'urgency';
  /** The sub-item code, the kind, or the urgency level the term speaks for. */
  readonly target: string;
  readonly weight: number;
  /** True for an urgency term right after a negation ("没有人受伤"); it does not count. */
  readonly negated?: boolean;
}

export interface SubItemCandidate {
  readonly subItem: string;
  readonly name: string;
  readonly category: string;
  /** Share of all sub-item evidence, 0..1. */
  readonly score: number;
  /** Sum of matched term weights. */
  readonly evidence: number;
}

export interface ClassificationResult {
  /** 'complaint' when nothing speaks for another kind. */
  readonly kind: CaseKind;
  /** 0..1; 0 when no term spoke for any kind. */
  readonly kindScore: number;
  /** null when the evidence is too weak: the dispatcher must choose. */
  readonly subItem: string | null;
  readonly category: string | null;
  /** 0..1: the winner's share of the evidence, damped while the evidence is thin. */
  readonly subItemScore: number;
  readonly urgency: Urgency;
  readonly urgencyEvidence: { readonly urgent: number; readonly critical: number };
  /** The top 3 sub-items by evidence (the proposal first, when there is one). */
  readonly alternatives: readonly SubItemCandidate[];
  readonly matchedTerms: readonly MatchedTerm[];
  /** The dispatcher should look before routing: no sub-item, or a weak one. */
  readonly needsReview: boolean;
}

/** The form rules and texts are compared in: full-width folded, lower case, no whitespace. */
export function normaliseForMatching(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

const CLAUSE_BREAK = /[，,。.！!？?；;：:、\n]/;
const round = (n: number) => Math.round(n * 1000) / 1000;

interface Hit {
  readonly term: string;
  readonly weight: number;
  /** First position in the text, for tie-breaking by what the resident said first. */
  readonly at: number;
  readonly negated: boolean;
}

function occurrences(text: string, term: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) out.push(i);
  return out;
}

/** The rule terms, indexed: by their first UTF-16 unit (to find those a text holds), and where each stands in the groups. */
interface TermIndex {
  readonly byFirstUnit: Map<string, string[]>;
  readonly places: Map<string, Array<{ readonly group: RuleGroup; readonly at: number }>>;
}

const termIndexes = new WeakMap<ClassifierRules, TermIndex>();

function termIndex(rules: ClassifierRules): TermIndex {
  let index = termIndexes.get(rules);
  if (!index) {
    index = { byFirstUnit: new Map(), places: new Map() };
    const groups = new Set([...rules.subItems.map((s) => s.rules), rules.urgency.critical, rules.urgency.urgent, ...CASE_KINDS.map((k) => rules.kinds[k])]);
    for (const group of groups) {
      group.terms.forEach(({ term }, at) => {
        const places = index!.places.get(term);
        if (places) places.push({ group, at });
        else {
          index!.places.set(term, [{ group, at }]);
          if (term.length > 0) index!.byFirstUnit.set(term[0], [...(index!.byFirstUnit.get(term[0]) ?? []), term]);
        }
      });
    }
    termIndexes.set(rules, index);
  }
  return index;
}

/**
 * Per group, the positions (in its order) of its terms that occur in the text or are one of its
 * words: the only terms that can match. Found from the index rather than by searching the text
 * for each of the thousand terms.
 */
function candidateTerms(text: string, tokens: ReadonlySet<string>, rules: ClassifierRules): Map<RuleGroup, number[]> {
  const index = termIndex(rules);
  const found = new Set<string>(tokens);
  for (let i = 0; i < text.length; i++) {
    for (const term of index.byFirstUnit.get(text[i]) ?? []) if (text.startsWith(term, i)) found.add(term);
  }
  const byGroup = new Map<RuleGroup, number[]>();
  for (const term of found) {
    for (const { group, at } of index.places.get(term) ?? []) {
      const list = byGroup.get(group);
      if (list) list.push(at);
      else byGroup.set(group, [at]);
    }
  }
  for (const list of byGroup.values()) list.sort((a, b) => a - b);
  return byGroup;
}

function matchGroup(group: RuleGroup, text: string, tokens: ReadonlySet<string>, candidates: ReadonlyMap<RuleGroup, readonly number[]>, negation?: ClassifierRules['negation']): Hit[] {
  const hits: Hit[] = [];
  for (const at of candidates.get(group) ?? []) {
    const { term, weight } = group.terms[at];
    const positions = occurrences(text, term);
    const asToken = tokens.has(term);
    // A single character matches only as a word of its own ("水" yes, "水泥" no).
    if (!asToken && (Array.from(term).length < 2 || positions.length === 0)) continue;
    const first = positions[0] ?? text.length;
    let negated = false;
    if (negation && negation.window > 0 && positions.length > 0) {
      negated = positions.every((p) => {
        const before = text.slice(Math.max(0, p - negation.window), p).split(CLAUSE_BREAK).pop() ?? '';
        return negation.cues.some((cue) => before.includes(cue));
      });
    }
    hits.push({ term, weight, at: first, negated });
  }
  for (const { pattern, source, weight } of group.patterns) {
    const m = pattern.exec(text);
    if (m) hits.push({ term: `/${source}/`, weight, at: m.index, negated: false });
  }
  return hits;
}

const sum = (hits: readonly Hit[]) => hits.reduce((s, h) => (h.negated ? s : s + h.weight), 0);
const firstAt = (hits: readonly Hit[], fallback: number) => hits.reduce((m, h) => Math.min(m, h.at), fallback);

/**
 * Proposes a kind, a sub-item and an urgency for a demand's text from weighted keyword rules.
 * Pure and deterministic; the dispatcher confirms or overrides. Ties go to what the resident mentioned first.
 * Only sub-items present in `taxonomy` are proposed; a sub-item the rules do not cover is never proposed.
 */
export function classify(text: string, { segment, rules, taxonomy }: ClassifierOptions): ClassificationResult {
  const t = normaliseForMatching(text);
  const tokens = new Set(t.length > 0 ? segment(t).map(normaliseForMatching).filter((w) => w.length > 0) : []);
  const candidates = candidateTerms(t, tokens, rules);
  const matched: MatchedTerm[] = [];
  const end = t.length + 1;

  // Sub-items.
  // Only sub-items of the taxonomy in hand: a city's edited taxonomy may have dropped some the rules know.
  const known = new Set(taxonomy.subItems.map((s) => s.code));
  const scored = rules.subItems.filter(({ code }) => known.has(code)).map(({ code, rules: group }, order) => {
    const hits = matchGroup(group, t, tokens, candidates);
    for (const h of hits) matched.push({ term: h.term, group: 'subItem', target: code, weight: h.weight });
    return { code, order, evidence: sum(hits), at: firstAt(hits, end) };
  });
  const ranked = scored.filter((s) => s.evidence > 0).sort((a, b) => b.evidence - a.evidence || a.at - b.at || a.order - b.order);
  const total = ranked.reduce((s, c) => s + c.evidence, 0);
  const describe = (c: (typeof ranked)[number]): SubItemCandidate => {
    const item = taxonomy.subItems.find((s) => s.code === c.code);
    return { subItem: c.code, name: item?.name ?? c.code, category: item?.category ?? '', score: round(c.evidence / total), evidence: c.evidence };
  };
  const alternatives = ranked.slice(0, 3).map(describe);
  const { thresholds } = rules;
  const top = ranked[0];
  const proposed = top && top.evidence >= thresholds.subItemMin ? describe(top) : null;
  const subItemScore = proposed ? round((top.evidence / total) * Math.min(1, top.evidence / thresholds.subItemConfident)) : 0;

  // Urgency: safety and life first; "没有人受伤" does not count.
  const critical = matchGroup(rules.urgency.critical, t, tokens, candidates, rules.negation);
  const urgent = matchGroup(rules.urgency.urgent, t, tokens, candidates, rules.negation);
  for (const [level, hits] of [['critical', critical], ['urgent', urgent]] as const) {
    for (const h of hits) matched.push({ term: h.term, group: 'urgency', target: level, weight: h.weight, ...(h.negated ? { negated: true } : {}) });
  }
  const criticalEvidence = sum(critical);
  const urgentEvidence = criticalEvidence + sum(urgent);
  const urgency: Urgency = criticalEvidence >= thresholds.critical ? 'critical' : urgentEvidence >= thresholds.urgent ? 'urgent' : 'normal';

  // Kind: the prior makes 'complaint' the answer when nothing else speaks.
  const kindScores = CASE_KINDS.map((kind, order) => {
    const hits = matchGroup(rules.kinds[kind], t, tokens, candidates);
    for (const h of hits) matched.push({ term: h.term, group: 'kind', target: kind, weight: h.weight });
    const evidence = sum(hits);
    const bonus = urgency === 'critical' ? rules.criticalKindBonus[kind] : 0;
    if (bonus > 0) matched.push({ term: '(critical)', group: 'kind', target: kind, weight: bonus });
    return { kind, order, evidence: evidence + bonus, score: evidence + bonus + rules.kindPrior[kind], at: firstAt(hits, end) };
  });
  const kindRanked = [...kindScores].sort((a, b) => b.score - a.score || a.at - b.at || b.evidence - a.evidence || a.order - b.order);
  const bestKind = kindRanked[0];
  const kindTotal = kindScores.reduce((s, k) => s + k.score, 0);
  const anyKindEvidence = kindScores.some((k) => k.evidence > 0);
  const kindScore = anyKindEvidence && kindTotal > 0 ? round((bestKind.score / kindTotal) * Math.min(1, bestKind.score / thresholds.kindConfident)) : 0;

  return {
    kind: bestKind.kind,
    kindScore,
    subItem: proposed?.subItem ?? null,
    category: proposed?.category ?? null,
    subItemScore,
    urgency,
    urgencyEvidence: { urgent: urgentEvidence, critical: criticalEvidence },
    alternatives,
    matchedTerms: matched,
    needsReview: proposed === null || subItemScore < thresholds.reviewBelow,
  };
}
