import { Injectable, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CLASSIFIER_MODEL_FILE,
  defaultClassifierRules,
  defaultTaxonomy,
  defaultTemporalMarkers,
  DomainError,
  followUpAsksForNothing,
  parseLinearModel,
  parseTaxonomy,
  suggestClassification,
  TaxonomyError,
  type LinearModel,
  type Suggestion,
  type Taxonomy,
} from '@msz/domain';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { DataSource } from 'typeorm';
import { SettingsChanges } from '../settings/settings-changes.service';
import { TaxonomyDocumentEntity } from './taxonomy-document.entity';

let shippedModel: LinearModel | undefined;

/** The model shipped with the domain library, read from disk once per process (a few MB: every app instance shares it). */
function classifierModel(): LinearModel {
  shippedModel ??= parseLinearModel(JSON.parse(readFileSync(join(dirname(require.resolve('@msz/domain/package.json')), CLASSIFIER_MODEL_FILE), 'utf8')) as unknown);
  return shippedModel;
}

/**
 * The city's classification (分类处置规范) and the classifier that suggests from it. The taxonomy
 * lives in the database (the shipped default on first start) so a city edits it without a release.
 */
@Injectable()
export class TaxonomyService implements OnModuleInit {
  private taxonomy: Taxonomy = defaultTaxonomy();
  private readonly rules = defaultClassifierRules();
  private readonly model = classifierModel();
  private readonly markers = defaultTemporalMarkers();
  private readonly jieba = Jieba.withDict(dict);
  private readonly segment = (t: string): string[] => this.jieba.cut(t, true);

  constructor(
    private readonly ds: DataSource,
    private readonly changes: SettingsChanges,
  ) {
    changes.on('taxonomy', () => this.reload());
  }

  async onModuleInit(): Promise<void> {
    const repo = this.ds.getRepository(TaxonomyDocumentEntity);
    const stored = await repo.findOneBy({ id: 1 });
    if (stored) this.taxonomy = parseTaxonomy(stored.document);
    else await repo.createQueryBuilder().insert().values({ id: 1, document: this.taxonomy as never, updatedBy: 'default' }).orIgnore().execute();
  }

  current(): Taxonomy {
    return this.taxonomy;
  }

  async replace(document: unknown, by: string): Promise<Taxonomy> {
    let parsed: Taxonomy;
    try {
      parsed = parseTaxonomy(document);
    } catch (err) {
      if (err instanceof TaxonomyError) throw new DomainError('TAXONOMY_INVALID', err.message);
      throw err;
    }
    await this.ds.transaction(async (m) => {
      await m.getRepository(TaxonomyDocumentEntity).save({ id: 1, document: parsed as never, updatedBy: by });
      await this.changes.announce(m, 'taxonomy');
    });
    this.taxonomy = parsed;
    return parsed;
  }

  /** Another instance changed it: read the stored document again. */
  private async reload(): Promise<void> {
    const stored = await this.ds.getRepository(TaxonomyDocumentEntity).findOneBy({ id: 1 });
    if (stored) this.taxonomy = parseTaxonomy(stored.document);
  }

  /**
   * Kind, sub-item and urgency suggested from the text by the learned model and the rules, with how sure it is;
   * the dispatcher confirms or overrides. Only sub-items of the city's current taxonomy are proposed.
   */
  suggest(text: string): Suggestion {
    return suggestClassification(text, { segment: this.segment, rules: this.rules, taxonomy: this.taxonomy, model: this.model, markers: this.markers });
  }

  /** A message to a case already filed that asks for nothing (a greeting or thanks, surely), for a fraction of `suggest`'s work. */
  followUpAsksForNothing(text: string): boolean {
    return followUpAsksForNothing(text, { segment: this.segment, model: this.model, markers: this.markers });
  }

  assertSubItem(code: string): void {
    if (!this.taxonomy.subItems.some((s) => s.code === code)) {
      throw new DomainError('SUB_ITEM_UNKNOWN', `no sub-item ${code} in the taxonomy`, { subItem: code });
    }
  }
}
