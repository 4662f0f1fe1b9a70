import { Injectable, OnModuleInit } from '@nestjs/common';
import { classify, defaultClassifierRules, defaultTaxonomy, DomainError, parseTaxonomy, TaxonomyError, type ClassificationResult, type Taxonomy } from '@msz/domain';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { DataSource } from 'typeorm';
import { SettingsChanges } from '../settings/settings-changes.service';
import { TaxonomyDocumentEntity } from './taxonomy-document.entity';

/**
 * The city's classification (分类处置规范) and the classifier that suggests from it. The taxonomy
 * lives in the database (the shipped default on first start) so a city edits it without a release.
 */
@Injectable()
export class TaxonomyService implements OnModuleInit {
  private taxonomy: Taxonomy = defaultTaxonomy();
  private readonly rules = defaultClassifierRules();
  private readonly jieba = Jieba.withDict(dict);

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

  /** Kind, sub-item and urgency suggested from the text; the dispatcher confirms or overrides. */
  suggest(text: string): ClassificationResult {
    return classify(text, { segment: (t) => this.jieba.cut(t, true), rules: this.rules, taxonomy: this.taxonomy });
  }

  assertSubItem(code: string): void {
    if (!this.taxonomy.subItems.some((s) => s.code === code)) {
      throw new DomainError('SUB_ITEM_UNKNOWN', `no sub-item ${code} in the taxonomy`, { subItem: code });
    }
  }
}
