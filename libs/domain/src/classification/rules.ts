import { CASE_KINDS, type CaseKind } from '../case/case-kind';
import { TaxonomyError, type Taxonomy } from './taxonomy';

/** 红橙黄 warnings start here: safety and life first. */
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

export interface WeightedPattern {
  readonly pattern: RegExp;
  readonly source: string;
  readonly weight: number;
}

export interface RuleGroup {
  readonly terms: readonly WeightedTerm[];
  readonly patterns: readonly WeightedPattern[];
}

export interface ClassifierThresholds {
  /** Sub-item evidence below this proposes no sub-item: the dispatcher chooses. */
  readonly subItemMin: number;
  /** Evidence at which a sub-item's confidence stops growing. */
  readonly subItemConfident: number;
  readonly kindConfident: number;
  /** A proposal with a sub-item score below this is flagged for review. */
  readonly reviewBelow: number;
  /** Urgency evidence (urgent + critical terms) at which a case is urgent. */
  readonly urgent: number;
  /** Critical-term evidence at which a case is critical. */
  readonly critical: number;
}

export interface ClassifierRules {
  readonly version: number;
  readonly thresholds: ClassifierThresholds;
  readonly kindPrior: Readonly<Record<CaseKind, number>>;
  /** Added to a kind's score when the text is critical: an emergency is a call for help (求助). */
  readonly criticalKindBonus: Readonly<Record<CaseKind, number>>;
  /** Urgency terms right after one of these cues ("没有人受伤") do not count. */
  readonly negation: { readonly cues: readonly string[]; readonly window: number };
  /** In taxonomy order. */
  readonly subItems: ReadonlyArray<{ readonly code: string; readonly rules: RuleGroup }>;
  readonly kinds: Readonly<Record<CaseKind, RuleGroup>>;
  readonly urgency: { readonly urgent: RuleGroup; readonly critical: RuleGroup };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWeight = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 10;

function group(raw: unknown, where: string, bad: (m: string) => void): RuleGroup {
  if (!isObj(raw)) {
    bad(`${where} is not an object`);
    return { terms: [], patterns: [] };
  }
  const terms: WeightedTerm[] = [];
  if (!isObj(raw.terms)) bad(`${where}.terms is not an object of term → weight`);
  else {
    for (const [term, weight] of Object.entries(raw.terms)) {
      if (term.trim() !== term || term.length === 0) bad(`${where} has a blank or padded term ${JSON.stringify(term)}`);
      else if (!isWeight(weight)) bad(`${where} term "${term}" has an invalid weight ${JSON.stringify(weight)}`);
      else terms.push({ term: term.normalize('NFKC').toLowerCase(), weight });
    }
  }
  const patterns: WeightedPattern[] = [];
  if (raw.patterns !== undefined) {
    if (!isObj(raw.patterns)) bad(`${where}.patterns is not an object of regexp → weight`);
    else {
      for (const [source, weight] of Object.entries(raw.patterns)) {
        if (!isWeight(weight)) bad(`${where} pattern ${source} has an invalid weight`);
        try {
          patterns.push({ pattern: new RegExp(source, 'u'), source, weight: weight as number });
        } catch {
          bad(`${where} pattern ${source} is not a valid regular expression`);
        }
      }
    }
  }
  return { terms, patterns };
}

/**
 * Reads classifier rules from parsed JSON against a taxonomy: every sub-item has rules, no rules name
 * an unknown sub-item, every kind and urgency level is present. Throws TaxonomyError listing every fault.
 */
export function parseClassifierRules(raw: unknown, taxonomy: Taxonomy): ClassifierRules {
  const problems: string[] = [];
  const bad = (m: string) => problems.push(m);
  if (!isObj(raw)) throw new TaxonomyError(['not an object'], 'classifier rules');

  const t = isObj(raw.thresholds) ? raw.thresholds : {};
  if (!isObj(raw.thresholds)) bad('thresholds is missing');
  const num = (key: keyof ClassifierThresholds, max = 100): number => {
    const v = t[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) {
      bad(`thresholds.${key} is not a number between 0 and ${max}`);
      return 0;
    }
    return v;
  };
  const thresholds: ClassifierThresholds = {
    subItemMin: num('subItemMin'),
    subItemConfident: num('subItemConfident'),
    kindConfident: num('kindConfident'),
    reviewBelow: num('reviewBelow', 1),
    urgent: num('urgent'),
    critical: num('critical'),
  };
  if (thresholds.subItemConfident <= 0 || thresholds.kindConfident <= 0) bad('confidence thresholds must be positive');
  if (thresholds.urgent <= 0 || thresholds.critical <= 0) bad('urgency thresholds must be positive');

  const kindPrior = Object.fromEntries(CASE_KINDS.map((k) => [k, 0])) as Record<CaseKind, number>;
  if (raw.kindPrior !== undefined) {
    if (!isObj(raw.kindPrior)) bad('kindPrior is not an object');
    else
      for (const [k, v] of Object.entries(raw.kindPrior)) {
        if (!(CASE_KINDS as readonly string[]).includes(k)) bad(`kindPrior names an unknown kind "${k}"`);
        else if (!isWeight(v)) bad(`kindPrior.${k} is not a weight`);
        else kindPrior[k as CaseKind] = v;
      }
  }

  const criticalKindBonus = Object.fromEntries(CASE_KINDS.map((k) => [k, 0])) as Record<CaseKind, number>;
  if (raw.criticalKindBonus !== undefined) {
    if (!isObj(raw.criticalKindBonus)) bad('criticalKindBonus is not an object');
    else
      for (const [k, v] of Object.entries(raw.criticalKindBonus)) {
        if (!(CASE_KINDS as readonly string[]).includes(k)) bad(`criticalKindBonus names an unknown kind "${k}"`);
        else if (!isWeight(v)) bad(`criticalKindBonus.${k} is not a weight`);
        else criticalKindBonus[k as CaseKind] = v;
      }
  }

  const neg = isObj(raw.negation) ? raw.negation : { cues: [], window: 0 };
  const cues = Array.isArray(neg.cues) ? neg.cues.filter((c): c is string => typeof c === 'string' && c.length > 0) : [];
  if (Array.isArray(neg.cues) && cues.length !== neg.cues.length) bad('negation.cues must be non-empty strings');
  const window = typeof neg.window === 'number' && Number.isInteger(neg.window) && neg.window >= 0 ? neg.window : (bad('negation.window is not an integer'), 0);

  const subItemsRaw = isObj(raw.subItems) ? raw.subItems : (bad('subItems is missing'), {} as Obj);
  for (const code of Object.keys(subItemsRaw)) {
    if (!taxonomy.subItems.some((s) => s.code === code)) bad(`rules name a sub-item "${code}" that is not in the taxonomy`);
  }
  const subItems = taxonomy.subItems.map((s) => {
    if (!(s.code in subItemsRaw)) bad(`sub-item "${s.code}" has no rules`);
    return { code: s.code, rules: group(subItemsRaw[s.code] ?? { terms: {} }, `subItems.${s.code}`, bad) };
  });

  const kindsRaw = isObj(raw.kinds) ? raw.kinds : (bad('kinds is missing'), {} as Obj);
  for (const k of Object.keys(kindsRaw)) if (!(CASE_KINDS as readonly string[]).includes(k)) bad(`rules name an unknown kind "${k}"`);
  const kinds = Object.fromEntries(
    CASE_KINDS.map((k) => {
      if (!(k in kindsRaw)) bad(`kind "${k}" has no rules`);
      return [k, group(kindsRaw[k] ?? { terms: {} }, `kinds.${k}`, bad)];
    }),
  ) as Record<CaseKind, RuleGroup>;

  const urgencyRaw = isObj(raw.urgency) ? raw.urgency : (bad('urgency is missing'), {} as Obj);
  for (const k of Object.keys(urgencyRaw)) if (k !== 'urgent' && k !== 'critical') bad(`urgency level "${k}" is unknown (urgent, critical)`);
  const urgency = {
    urgent: group(urgencyRaw.urgent, 'urgency.urgent', bad),
    critical: group(urgencyRaw.critical, 'urgency.critical', bad),
  };

  const version = typeof raw.version === 'number' ? raw.version : (bad('version is missing'), 0);
  if (problems.length > 0) throw new TaxonomyError(problems, 'classifier rules');
  return { version, thresholds, kindPrior, criticalKindBonus, negation: { cues, window }, subItems, kinds, urgency };
}
