import { CASE_KINDS } from '../case/case-kind';
import { CORPUS_KINDS, type CorpusKind } from './corpus';
import { LEGACY_FEATURES, textFeatures, type FeatureSpec, type TrainingExample } from './linear-model';
import { accuracy, recallPrecision, wilsonInterval, type Proportion } from './metrics';
import { URGENCIES, type Urgency } from './rules';
import type { Segmenter } from './segmenter';
import { decideSuggestion, type CombineThresholds, type DemandReading } from './suggest';
import { findSubItem, type Taxonomy } from './taxonomy';

/** A text with the reading a person gave it: a corpus item, or a dispatcher's confirmation or override. */
export interface LabelledText {
  readonly text: string;
  readonly kind: CorpusKind;
  readonly subItem: string | null;
  readonly urgency: Urgency | null;
}

/**
 * Reads the office's confirmed examples (JSON Lines, as exported from the classification_example table:
 * text, kind, subItem, urgency). A line whose sub-item the taxonomy lacks, or that is malformed, is left out and named.
 */
export function parseOfficeExamples(jsonl: string, taxonomy: Taxonomy): { items: LabelledText[]; faults: string[] } {
  const items: LabelledText[] = [];
  const faults: string[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim().length === 0) return;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch {
      faults.push(`line ${i + 1}: not JSON`);
      return;
    }
    const { text, kind, subItem, urgency } = raw;
    if (typeof text !== 'string' || text.trim().length === 0) faults.push(`line ${i + 1}: no text`);
    else if (typeof kind !== 'string' || !(CASE_KINDS as readonly string[]).includes(kind)) faults.push(`line ${i + 1}: kind ${String(kind)} is not a case kind`);
    else if (typeof subItem !== 'string' || !findSubItem(taxonomy, subItem)) faults.push(`line ${i + 1}: sub-item ${String(subItem)} is not in the taxonomy`);
    else if (typeof urgency !== 'string' || !(URGENCIES as readonly string[]).includes(urgency)) faults.push(`line ${i + 1}: urgency ${String(urgency)} is unknown`);
    else items.push({ text, kind: kind as CorpusKind, subItem, urgency: urgency as Urgency });
  });
  return { items, faults };
}

/** The labels each head learns, taken from the taxonomy and the data (a sub-item nobody labelled cannot be learned). */
export function modelHeads(items: readonly LabelledText[], taxonomy: Taxonomy): Record<string, string[]> {
  const seenKinds = new Set(items.map((i) => i.kind));
  const seenSubItems = new Set(items.map((i) => i.subItem));
  return {
    kind: CORPUS_KINDS.filter((k) => seenKinds.has(k)),
    subItem: taxonomy.subItems.map((s) => s.code).filter((c) => seenSubItems.has(c)),
    urgency: [...URGENCIES],
  };
}

/** Every text becomes features with the labels it carries: the kind always, sub-item and urgency for demands. */
export function toTrainingExamples(items: readonly LabelledText[], segment: Segmenter, weight = 1, spec: FeatureSpec = LEGACY_FEATURES): TrainingExample[] {
  return items.map((i) => ({
    features: textFeatures(i.text, segment, spec),
    labels: { kind: i.kind, ...(i.subItem ? { subItem: i.subItem } : {}), ...(i.urgency ? { urgency: i.urgency } : {}) },
    weight,
  }));
}

export interface Judgement {
  readonly label: LabelledText;
  readonly kind: CorpusKind;
  readonly subItem: string | null;
  readonly urgency: Urgency | null;
}

/** Issue 13's figures for a set of judgements, with Wilson 95% intervals. */
export interface ClassificationFigures {
  readonly kind: Proportion;
  readonly subItem: Proportion;
  readonly category: Proportion;
  readonly urgency: Proportion;
  readonly redRecall: Proportion;
  readonly redPrecision: Proportion;
  readonly nonDemands: Proportion;
  /** Demands read as non-demands: what the chat would not file. */
  readonly demandsDropped: Proportion;
}

export function classificationFigures(judged: readonly Judgement[], taxonomy: Taxonomy): ClassificationFigures {
  const demands = judged.filter((j) => j.label.kind !== 'not_a_demand');
  const nonDemands = judged.filter((j) => j.label.kind === 'not_a_demand');
  const categoryOf = (code: string | null) => (code ? (findSubItem(taxonomy, code)?.category ?? null) : null);
  const red = recallPrecision(
    judged.map((j) => ({ label: j.label.urgency as string | null, predicted: j.urgency as string | null })),
    'critical',
  );
  return {
    kind: accuracy(judged.map((j) => ({ label: j.label.kind as string, predicted: j.kind as string }))),
    subItem: accuracy(demands.map((j) => ({ label: j.label.subItem, predicted: j.subItem }))),
    category: accuracy(demands.map((j) => ({ label: categoryOf(j.label.subItem), predicted: categoryOf(j.subItem) }))),
    urgency: accuracy(demands.map((j) => ({ label: j.label.urgency as string | null, predicted: j.urgency as string | null }))),
    redRecall: red.recall,
    redPrecision: red.precision,
    nonDemands: wilsonInterval(nonDemands.filter((j) => j.kind === 'not_a_demand').length, nonDemands.length),
    demandsDropped: wilsonInterval(demands.filter((j) => j.kind === 'not_a_demand').length, demands.length),
  };
}

/** Judges every reading with the given thresholds. */
export function judgeReadings(readings: readonly { label: LabelledText; reading: DemandReading }[], taxonomy: Taxonomy, th: CombineThresholds): Judgement[] {
  return readings.map(({ label, reading }) => {
    const s = decideSuggestion(reading, taxonomy, th);
    return { label, kind: s.outcome, subItem: s.subItem, urgency: s.outcome === 'not_a_demand' ? null : s.urgency };
  });
}

/**
 * The least the model alone must be sure of to call a text red (without a hazard term). Below it, short ordinary
 * texts the corpus does not resemble (a place name, a broken traffic light) read as red and would alert leaders.
 */
export const MIN_RED_BAR = 0.35;

const grid = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

/**
 * Chooses the thresholds on a tuning split (dev, never test): non-demand and sub-item mixing by accuracy; red as
 * the fewest false alerts (highest precision, then the highest bar) among bars that keep recall at or above
 * `redRecallFloor` with precision at or above `minRedPrecision` — else the highest recall; urgent by urgency accuracy.
 * Both floors sit above their targets (red recall 95%, non-demands 90%): a margin for text the tuning split lacks.
 * A false red wakes a town's leader, and off the corpus the lowest bar that catches everything fires on ordinary faults.
 */
export function tuneThresholds(
  readings: readonly { label: LabelledText; reading: DemandReading }[],
  taxonomy: Taxonomy,
  start: CombineThresholds,
  minRedPrecision: number,
  redRecallFloor = 0.97,
  nonDemandFloor = 0.93,
): CombineThresholds {
  const figures = (th: CombineThresholds) => classificationFigures(judgeReadings(readings, taxonomy, th), taxonomy);
  let th = start;
  // The kind: a demand dropped costs more than a greeting filed, so ties go to the higher bar. Only bars that
  // recognise at least `nonDemandFloor` of the non-demands compete (else the one that recognises the most):
  // chosen by kind accuracy alone, the bar had drifted to where one greeting more or less decides the target.
  let bar = { score: -1, recall: -1, value: th.nonDemand };
  for (const nonDemand of grid(0.3, 0.9, 0.05)) {
    const f = figures({ ...th, nonDemand });
    const score = f.kind.rate - 2 * f.demandsDropped.rate;
    const recall = f.nonDemands.rate;
    const enough = (r: number) => r >= nonDemandFloor;
    const better = enough(recall) ? !enough(bar.recall) || score >= bar.score : !enough(bar.recall) && (recall > bar.recall || (recall === bar.recall && score >= bar.score));
    if (better) bar = { score, recall, value: nonDemand };
  }
  th = { ...th, nonDemand: bar.value };

  let best = { score: -1, value: th.subItemRuleShare };
  for (const subItemRuleShare of grid(0, 0.6, 0.05)) {
    const score = figures({ ...th, subItemRuleShare }).subItem.rate;
    if (score > best.score) best = { score, value: subItemRuleShare };
  }
  th = { ...th, subItemRuleShare: best.value };

  best = { score: -1, value: th.kindRuleShare };
  for (const kindRuleShare of grid(0, 0.6, 0.05)) {
    const score = figures({ ...th, kindRuleShare }).kind.rate;
    if (score > best.score) best = { score, value: kindRuleShare };
  }
  th = { ...th, kindRuleShare: best.value };

  let red = { recall: -1, precision: -1, critical: th.critical, criticalWithHazard: th.criticalWithHazard };
  for (const critical of grid(MIN_RED_BAR, 0.7, 0.025)) {
    for (const criticalWithHazard of grid(0.01, critical, 0.02)) {
      const f = figures({ ...th, critical, criticalWithHazard });
      if (f.redPrecision.rate < minRedPrecision) continue;
      const enough = (r: number) => r >= redRecallFloor;
      const better = enough(f.redRecall.rate)
        ? !enough(red.recall) || f.redPrecision.rate >= red.precision
        : !enough(red.recall) && (f.redRecall.rate > red.recall || (f.redRecall.rate === red.recall && f.redPrecision.rate > red.precision));
      if (better) red = { recall: f.redRecall.rate, precision: f.redPrecision.rate, critical, criticalWithHazard };
    }
  }
  th = { ...th, critical: red.critical, criticalWithHazard: red.criticalWithHazard };

  best = { score: -1, value: th.criticalHelp };
  for (const criticalHelp of grid(0, 1, 0.05)) {
    const score = figures({ ...th, criticalHelp }).kind.rate;
    if (score > best.score) best = { score, value: criticalHelp };
  }
  th = { ...th, criticalHelp: best.value };

  best = { score: -1, value: th.urgent };
  for (const urgent of grid(0.2, 0.8, 0.05)) {
    const score = figures({ ...th, urgent }).urgency.rate;
    if (score > best.score) best = { score, value: urgent };
  }
  return { ...th, urgent: best.value };
}
