// The shipped defaults live as JSON in libs/domain/data so a county can edit them without touching code.
// The path is the same from src/classification and dist/classification.
import markersJson from '../../data/classifier-markers.json';
import rulesJson from '../../data/classifier-rules.json';
import taxonomyJson from '../../data/taxonomy.json';
import { parseClassifierRules, type ClassifierRules } from './rules';
import { parseTemporalMarkers, type TemporalMarkers } from './suggest';
import { parseTaxonomy, type Taxonomy } from './taxonomy';

let taxonomy: Taxonomy | undefined;
let rules: ClassifierRules | undefined;

/** The default 4 × 16 taxonomy, validated once on first use. */
export function defaultTaxonomy(): Taxonomy {
  taxonomy ??= parseTaxonomy(taxonomyJson as unknown);
  return taxonomy;
}

/** The default keyword rules, validated against the default taxonomy once on first use. */
export function defaultClassifierRules(): ClassifierRules {
  rules ??= parseClassifierRules(rulesJson as unknown, defaultTaxonomy());
  return rules;
}

let markers: TemporalMarkers | undefined;

/** The hypothetical, past and present words that keep a danger that is not happening now from being red. */
export function defaultTemporalMarkers(): TemporalMarkers {
  markers ??= parseTemporalMarkers(markersJson as unknown);
  return markers;
}

/** Where the shipped model lives, relative to the @msz/domain package (the server and the scripts read it from disk: it is too big to import). */
export const CLASSIFIER_MODEL_FILE = 'data/classifier-model.json';
