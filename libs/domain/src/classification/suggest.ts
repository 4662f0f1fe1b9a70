import { CASE_KINDS, type CaseKind } from '../case/case-kind';
import { classify, normaliseForMatching, type ClassificationResult, type ClassifierOptions, type SubItemCandidate } from './classifier';
import type { CorpusKind } from './corpus';
import { predictHead, predictHeads, textFeatures, type LinearModel } from './linear-model';
import type { Taxonomy } from './taxonomy';
import type { Urgency } from './rules';

/** Hand-written words that tell a danger is not happening now, and words that say it is. Data: a city may edit them. */
export interface TemporalMarkers {
  /** 万一、怕、要是、如果: a danger that might happen. */
  readonly hypothetical: readonly string[];
  /** 去年、上个月、以前: a danger that happened. */
  readonly past: readonly string[];
  /** 现在、正在、刚刚: it is happening now, whatever else the text says. */
  readonly present: readonly string[];
  /** Phrases that hold a marker without its sense (昏过去 is not 过去, 到现在还没 is not 现在, 害怕 is not 怕): read as if absent. */
  readonly lookAlikes: readonly string[];
  /** 来看、派人、尽快、帮忙: words asking someone to act. A message to a case already filed that holds one stays with the case. */
  readonly asks: readonly string[];
}

/** How the model and the rules are combined; chosen on the dev split by `pnpm classify:train`. */
export interface CombineThresholds {
  /** p(not_a_demand) at which a message is recognised as asking for nothing. */
  readonly nonDemand: number;
  /** p(not_a_demand) at which the chat files nothing and answers with its guide: a demand dropped costs more than a greeting filed. */
  readonly nonDemandChat: number;
  /** p(critical) at which a demand is red. */
  readonly critical: number;
  /** p(critical) at which a demand is red when an explicit hazard term (the rules) speaks for it too. */
  readonly criticalWithHazard: number;
  /** p(urgent) + p(critical) at which a demand that is not red is urgent. */
  readonly urgent: number;
  /** Share of the rules' sub-item evidence mixed into the model's probabilities (0: model alone). */
  readonly subItemRuleShare: number;
  /** Share of the rules' kind evidence (举报, 建议, 请问 …) mixed into the model's demand kinds (0: model alone). */
  readonly kindRuleShare: number;
  /**
   * With no rule evidence at all, the model's sub-item below this is not proposed (the dispatcher chooses from the
   * alternatives). 0.4 since 2026-12-07: on dev the model alone was right about half the time between 0.3 and 0.4, and
   * "我想反映一个情况，麻烦回个电话" read 作风效能 at 0.38 and would have gone to the discipline commission.
   */
  readonly subItemAlone: number;
  /** Added to help's probability when the demand is red: the guide files an emergency as a call for help (求助). */
  readonly criticalHelp: number;
  /** Below this confidence a field is uncertain. */
  readonly reviewConfidence: number;
  /** When the top two are closer than this, the field is uncertain. */
  readonly reviewMargin: number;
}

export const DEFAULT_COMBINE_THRESHOLDS: CombineThresholds = {
  nonDemand: 0.5,
  nonDemandChat: 0.8,
  critical: 0.35,
  criticalWithHazard: 0.1,
  urgent: 0.5,
  subItemRuleShare: 0.2,
  kindRuleShare: 0,
  subItemAlone: 0.4,
  criticalHelp: 0,
  reviewConfidence: 0.5,
  reviewMargin: 0.15,
};

export interface CombinedOptions extends ClassifierOptions {
  readonly model: LinearModel;
  readonly markers: TemporalMarkers;
  /** Overrides the thresholds stored with the model (the training script tries candidates with it). */
  readonly thresholds?: Partial<CombineThresholds>;
}

/** Why the dispatcher should look: each names the field and what makes it doubtful. */
export type UncertaintyReason = 'kind-close' | 'kind-low' | 'sub-item-close' | 'sub-item-low' | 'sub-item-none' | 'urgency-close' | 'red-not-now';

export interface Suggestion extends ClassificationResult {
  /** The kind, or not_a_demand for a greeting, thanks or chatter. `kind` stays the likeliest case kind. */
  readonly outcome: CorpusKind;
  /** Probability of each field's proposal, 0..1. */
  readonly confidence: { readonly kind: number; readonly subItem: number; readonly urgency: number };
  /** The likeliest kinds (not_a_demand included), most likely first. */
  readonly kindAlternatives: ReadonlyArray<{ readonly kind: CorpusKind; readonly score: number }>;
  /** Recognised as not a demand with confidence enough for the chat to file nothing. */
  readonly confidentlyNotADemand: boolean;
  /** True when a field is doubtful: the dispatcher should check before routing. Same as needsReview. */
  readonly uncertain: boolean;
  readonly reasons: readonly UncertaintyReason[];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function mentions(text: string, words: readonly string[]): boolean {
  return words.some((w) => w.length > 0 && text.includes(w));
}

/** A danger said as a possibility or a memory, with nothing saying it is happening now. */
export function notHappeningNow(text: string, markers: TemporalMarkers): boolean {
  const t = markers.lookAlikes.reduce((rest, phrase) => rest.split(phrase).join('|'), normaliseForMatching(text));
  return (mentions(t, markers.hypothetical) || mentions(t, markers.past)) && !mentions(t, markers.present);
}

/** What the model and the rules read in a text, before any threshold: computed once, decided many times while tuning. */
export interface DemandReading {
  readonly rules: ClassificationResult;
  readonly kind: ReadonlyArray<{ readonly label: string; readonly p: number }>;
  readonly subItem: ReadonlyArray<{ readonly label: string; readonly p: number }>;
  readonly urgency: ReadonlyArray<{ readonly label: string; readonly p: number }>;
  /** An explicit hazard term (the rules' critical terms, negation aware) is in the text. */
  readonly hazard: boolean;
  readonly notNow: boolean;
}

export function readDemand(text: string, opts: CombinedOptions): DemandReading {
  const rules = classify(text, opts);
  const heads = predictHeads(opts.model, textFeatures(text, opts.segment, opts.model.features));
  return {
    rules,
    kind: heads.kind?.ranked ?? [],
    subItem: heads.subItem?.ranked ?? [],
    urgency: heads.urgency?.ranked ?? [],
    hazard: rules.urgencyEvidence.critical >= opts.rules.thresholds.critical,
    notNow: notHappeningNow(text, opts.markers),
  };
}

/** The thresholds in force: the defaults, then those stored with the model, then the caller's. */
export function combineThresholds(model: LinearModel, overrides?: Partial<CombineThresholds>): CombineThresholds {
  return { ...DEFAULT_COMBINE_THRESHOLDS, ...(model.thresholds as Partial<CombineThresholds>), ...overrides };
}

/**
 * The learned model's reading of a text, corrected by the rules where they are more reliable: an explicit
 * hazard term lowers the bar for red, a danger phrased as a possibility or a memory is not red, and a sub-item
 * the city's taxonomy lacks is never proposed. Says how sure it is and when the dispatcher should look.
 */
export function suggestClassification(text: string, opts: CombinedOptions): Suggestion {
  return decideSuggestion(readDemand(text, opts), opts.taxonomy, combineThresholds(opts.model, opts.thresholds));
}

/**
 * Whether the chat files nothing and answers with its guide: the same as
 * `suggestClassification(text, opts).confidentlyNotADemand`, read from the model's kind head alone
 * (the rules, the other heads and the rest of the decision do not change it). For a message that
 * can only add to a case, this is all the chat needs to know.
 */
export function confidentlyNotADemand(text: string, opts: Pick<CombinedOptions, 'segment' | 'model' | 'thresholds'>): boolean {
  const kind = predictHead(opts.model, textFeatures(text, opts.segment, opts.model.features), 'kind');
  return isConfidentlyNotADemand(kind?.ranked ?? [], combineThresholds(opts.model, opts.thresholds));
}

/**
 * Whether a message to a case already filed asks for nothing (the chat answers with its guide and adds nothing):
 * surely chatter by the model's kind head, and no word asking someone to act. A bare plea names no matter, so the
 * corpus, whose demands all carry a sub-item, holds none as a demand, and the model reads 「你们快来看看嘛」 or
 * 「麻烦尽快来看看」 as chatter; kept with the case it costs nothing, dropped it is a resident's voice lost.
 */
export function followUpAsksForNothing(text: string, opts: Pick<CombinedOptions, 'segment' | 'model' | 'thresholds' | 'markers'>): boolean {
  return !mentions(normaliseForMatching(text), opts.markers.asks) && confidentlyNotADemand(text, opts);
}

const probabilityOf = (ranked: ReadonlyArray<{ label: string; p: number }>, label: string) => ranked.find((r) => r.label === label)?.p ?? 0;

/** Recognised as not a demand, and surely enough for the chat to file nothing. */
function isConfidentlyNotADemand(kindRanked: ReadonlyArray<{ label: string; p: number }>, th: CombineThresholds): boolean {
  const pNon = probabilityOf(kindRanked, 'not_a_demand');
  return pNon >= Math.max(th.nonDemand, th.nonDemandChat);
}

export function decideSuggestion(reading: DemandReading, taxonomy: Taxonomy, th: CombineThresholds): Suggestion {
  const { rules } = reading;
  const reasons: UncertaintyReason[] = [];

  // Kind.
  const kindRanked = reading.kind;
  const pNon = probabilityOf(kindRanked, 'not_a_demand');
  // The rules' kind terms (not their emergency bonus) mixed into the demand kinds, in the share tuned on dev.
  const kindEvidence = new Map<string, number>();
  for (const m of rules.matchedTerms) if (m.group === 'kind' && m.term !== '(critical)') kindEvidence.set(m.target, (kindEvidence.get(m.target) ?? 0) + m.weight);
  const kindEvidenceTotal = [...kindEvidence.values()].reduce((a, b) => a + b, 0);
  const kindShare = kindEvidenceTotal > 0 ? th.kindRuleShare : 0;
  const demandMass = kindRanked.filter((r) => r.label !== 'not_a_demand').reduce((a, r) => a + r.p, 0);
  const demandKinds = kindRanked
    .filter((r): r is { label: CaseKind; p: number } => (CASE_KINDS as readonly string[]).includes(r.label))
    .map((r) => ({ label: r.label, p: (1 - kindShare) * r.p + (kindShare * demandMass * (kindEvidence.get(r.label) ?? 0)) / (kindEvidenceTotal || 1) }))
    .sort((a, b) => b.p - a.p || a.label.localeCompare(b.label));
  const kind: CaseKind = demandKinds[0]?.label ?? rules.kind;
  const notADemand = pNon >= th.nonDemand;
  const kindConfidence = notADemand ? pNon : (demandKinds[0]?.p ?? 0);
  const kindRunnerUp = notADemand ? (demandKinds[0]?.p ?? 0) : Math.max(pNon, demandKinds[1]?.p ?? 0);
  // "Close" first: it comes with alternatives to choose from.
  if (kindConfidence - kindRunnerUp < th.reviewMargin) reasons.push('kind-close');
  else if (kindConfidence < th.reviewConfidence) reasons.push('kind-low');

  // Sub-item: only the taxonomy's, the model's probabilities with a share of the rules' evidence mixed in.
  const known = new Map(taxonomy.subItems.map((s) => [s.code, s]));
  const modelSub = reading.subItem.filter((r) => known.has(r.label));
  const modelTotal = modelSub.reduce((s, r) => s + r.p, 0);
  const ruleEvidence = new Map<string, number>();
  for (const m of rules.matchedTerms) if (m.group === 'subItem' && known.has(m.target)) ruleEvidence.set(m.target, (ruleEvidence.get(m.target) ?? 0) + m.weight);
  const ruleTotal = [...ruleEvidence.values()].reduce((s, x) => s + x, 0);
  const share = ruleTotal > 0 ? th.subItemRuleShare : 0;
  const modelPart = modelTotal > 0 ? 1 - share : 0;
  const codes = new Set([...modelSub.map((r) => r.label), ...ruleEvidence.keys()]);
  const subRanked = [...codes]
    .map((code) => ({ code, p: (modelPart * probabilityOf(modelSub, code)) / (modelTotal || 1) + (ruleTotal > 0 ? ((modelTotal > 0 ? share : 1) * (ruleEvidence.get(code) ?? 0)) / ruleTotal : 0) }))
    .sort((a, b) => b.p - a.p || a.code.localeCompare(b.code));
  const describe = (c: { code: string; p: number }): SubItemCandidate => {
    const item = known.get(c.code);
    return { subItem: c.code, name: item?.name ?? c.code, category: item?.category ?? '', score: round(c.p), evidence: ruleEvidence.get(c.code) ?? 0 };
  };
  const tooWeak = ruleTotal === 0 && (subRanked[0]?.p ?? 0) < th.subItemAlone;
  const topSub = notADemand || tooWeak ? undefined : subRanked[0];
  const subConfidence = topSub?.p ?? 0;
  if (!notADemand) {
    if (!topSub) reasons.push('sub-item-none');
    else if (subConfidence - (subRanked[1]?.p ?? 0) < th.reviewMargin) reasons.push('sub-item-close');
    else if (subConfidence < th.reviewConfidence) reasons.push('sub-item-low');
  }

  // Urgency: red when the model says so, sooner when a hazard term speaks for it, never for a danger not happening now.
  const pCrit = probabilityOf(reading.urgency, 'critical');
  const pUrgent = probabilityOf(reading.urgency, 'urgent');
  let urgency: Urgency = 'normal';
  if (!notADemand) {
    const red = pCrit >= th.critical || (reading.hazard && pCrit >= th.criticalWithHazard);
    if (red && reading.notNow) reasons.push('red-not-now');
    urgency = red && !reading.notNow ? 'critical' : pUrgent + pCrit >= th.urgent ? 'urgent' : 'normal';
    // A red call missed costs most: a near miss is worth a look.
    if (urgency !== 'critical' && !reading.notNow && pCrit >= th.critical / 2) reasons.push('urgency-close');
  }
  const urgencyConfidence = urgency === 'critical' ? pCrit : urgency === 'urgent' ? pUrgent + pCrit : 1 - pUrgent - pCrit;

  // An emergency is a call for help: shift the kind towards help when red (tuned on dev; 0 turns it off).
  let finalKind = kind;
  if (urgency === 'critical' && th.criticalHelp > 0 && !notADemand) {
    const boosted = demandKinds.map((r) => ({ label: r.label, p: r.p + (r.label === 'help' ? th.criticalHelp : 0) })).sort((a, b) => b.p - a.p);
    finalKind = boosted[0]?.label ?? kind;
  }

  const uncertain = reasons.length > 0;
  const proposed = topSub ? describe(topSub) : null;
  return {
    ...rules,
    kind: finalKind,
    kindScore: round(kindConfidence),
    subItem: proposed?.subItem ?? null,
    category: proposed?.category ?? null,
    subItemScore: round(subConfidence),
    urgency,
    alternatives: notADemand ? [] : subRanked.slice(0, 3).map(describe),
    needsReview: uncertain,
    outcome: notADemand ? 'not_a_demand' : finalKind,
    confidentlyNotADemand: isConfidentlyNotADemand(kindRanked, th),
    confidence: { kind: round(kindConfidence), subItem: round(subConfidence), urgency: round(urgencyConfidence) },
    kindAlternatives: kindRanked.slice(0, 3).map((r) => ({ kind: r.label as CorpusKind, score: round(r.p) })),
    uncertain,
    reasons,
  };
}

/** Checks a markers document. */
export function parseTemporalMarkers(raw: unknown): TemporalMarkers {
  const doc = raw as Record<string, unknown> | null;
  const list = (key: string): string[] => {
    const v = doc?.[key];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.length > 0)) throw new Error(`markers: ${key} must be a list of words`);
    return v.map((x: string) => normaliseForMatching(x));
  };
  const optional = (key: string): string[] => (doc?.[key] === undefined ? [] : list(key));
  return { hypothetical: list('hypothetical'), past: list('past'), present: list('present'), lookAlikes: optional('lookAlikes'), asks: optional('asks') };
}
