import { Injectable, Logger } from '@nestjs/common';
import { WechatApiClient, WechatApiError } from '@msz/wechat';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { escapeXml } from '../pictures/table-svg';
import { PublicationEntity, type PublicationStep } from './publication.entity';

/** A picture of the article: the PNG and the words that say what it shows (for screen readers and when images are off). */
export interface ArticlePicture {
  png: Buffer;
  alt: string;
}

export interface ArticleInput {
  /** What is published, e.g. `heatmap`, `weekly_list` (kept on the record). */
  kind: string;
  /** At most 64 characters (WeChat's limit). */
  title: string;
  /** The summary under the title in the feed; at most 120 characters. */
  digest: string;
  /**
   * The article's body HTML (no scripts, no outside images: WeChat removes them). `{{picture:N}}`
   * places picture N (from 0); pictures not placed are added at the end, in order.
   */
  html: string;
  pictures: ArticlePicture[];
  /** The cover; default the first picture. */
  cover?: Buffer;
  /** At most 16 characters; default 民声直达办公室. */
  author?: string;
  /** Who approved it (the office, on Mondays). */
  approvedBy: { id: string; name: string } | null;
}

/** WeChat takes article images under 1 MB (media/uploadimg). */
export const ARTICLE_IMAGE_MAX_BYTES = 1024 * 1024 - 1;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

class StepFailed extends Error {
  constructor(
    readonly step: PublicationStep,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Publishes articles on the city's Official Account: pictures uploaded, the article's HTML built
 * with their WeChat urls, a draft created and submitted (draft/add, freepublish/submit). Every
 * publication is recorded with who approved it and each WeChat id as it comes; a failure at any
 * step is recorded with that step and raised as PUBLICATION_FAILED — it is never reported as done.
 */
@Injectable()
export class PublicationService {
  private readonly logger = new Logger(PublicationService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatApiClient,
  ) {}

  async publishArticle(input: ArticleInput): Promise<PublicationEntity> {
    this.check(input);
    const repo = this.ds.getRepository(PublicationEntity);
    const record = await repo.save(
      repo.create({
        kind: input.kind,
        title: input.title,
        approvedBy: input.approvedBy?.id ?? null,
        approvedByName: input.approvedBy?.name ?? null,
        status: 'publishing',
        imageUrls: [],
      }),
    );
    const update = (patch: Partial<PublicationEntity>) => {
      Object.assign(record, patch);
      return repo.update(record.id, patch);
    };
    try {
      const urls: string[] = [];
      for (const [i, picture] of input.pictures.entries()) {
        const { url } = await this.step('picture', () => this.wechat.uploadArticleImage({ data: picture.png, filename: `picture-${i + 1}.png`, contentType: 'image/png' }));
        urls.push(url);
      }
      await update({ imageUrls: urls });
      const cover = input.cover ?? input.pictures[0]?.png;
      if (!cover) throw new StepFailed('cover', 'an article needs a cover picture: give pictures or a cover');
      const { media_id: thumb } = await this.step('cover', () => this.wechat.addImageMaterial({ data: cover, filename: 'cover.png', contentType: 'image/png' }));
      await update({ thumbMediaId: thumb });
      const content = articleHtml(input.html, input.pictures, urls);
      const { media_id: draft } = await this.step('draft', () =>
        this.wechat.addDraft([{ title: input.title, author: input.author ?? '民声直达办公室', digest: input.digest, content, thumb_media_id: thumb }]),
      );
      await update({ draftMediaId: draft });
      const { publish_id: publishId } = await this.step('submit', () => this.wechat.submitPublish(draft));
      await update({ publishId, status: 'submitted' });
      return await this.refresh(record);
    } catch (err) {
      if (!(err instanceof StepFailed)) throw err;
      await update({ status: 'failed', failedStep: err.step, error: err.detail });
      this.logger.warn(`publication ${record.id} (${input.kind}) failed at ${err.step}: ${err.detail}`);
      throw new AppError('PUBLICATION_FAILED', `publishing failed at step ${err.step}: ${err.detail}`);
    }
  }

  /**
   * Reads a submitted job's outcome from WeChat (freepublish/get) and records it: published with its
   * link, failed (originality, review), or still publishing. A job already settled is returned as is.
   */
  async refresh(record: PublicationEntity): Promise<PublicationEntity> {
    if (record.status !== 'submitted' || !record.publishId) return record;
    const publishId = record.publishId;
    const status = await this.step('outcome', () => this.wechat.getPublishStatus(publishId)).catch((err: unknown) => {
      // The job was accepted; not knowing its outcome yet is not a failure: it stays submitted.
      if (err instanceof StepFailed) this.logger.warn(`publication ${record.id}: could not read the job's outcome: ${err.detail}`);
      return null;
    });
    if (!status) return record;
    const patch: Partial<PublicationEntity> = { publishStatus: status.publish_status };
    if (status.publish_status === 0) {
      Object.assign(patch, { status: 'published', articleUrl: status.article_detail?.item[0]?.article_url ?? null, publishedAt: new Date() });
    } else if (status.publish_status !== 1) {
      const why: Record<number, string> = { 2: 'originality check failed', 3: 'publishing failed', 4: 'refused by the platform review', 5: 'deleted by the account after publishing', 6: 'banned by the platform after publishing' };
      Object.assign(patch, { status: 'failed', failedStep: 'outcome', error: `publish_status ${status.publish_status}: ${why[status.publish_status] ?? 'unknown'}` });
    }
    await this.ds.getRepository(PublicationEntity).update(record.id, patch);
    return Object.assign(record, patch);
  }

  get(id: string): Promise<PublicationEntity | null> {
    return this.ds.getRepository(PublicationEntity).findOneBy({ id });
  }

  /** The newest publications first. */
  list(limit = 50): Promise<PublicationEntity[]> {
    return this.ds.getRepository(PublicationEntity).find({ order: { createdAt: 'DESC' }, take: limit });
  }

  /** What WeChat would refuse anyway, refused before anything is sent or recorded. */
  private check(input: ArticleInput): void {
    const problems: string[] = [];
    if (!input.title.trim() || [...input.title].length > 64) problems.push('title: 1 to 64 characters');
    if ([...input.digest].length > 120) problems.push('digest: at most 120 characters');
    if (input.author !== undefined && [...input.author].length > 16) problems.push('author: at most 16 characters');
    for (const [i, p] of [...input.pictures.map((x) => x.png), ...(input.cover ? [input.cover] : [])].entries()) {
      if (!p.subarray(0, 8).equals(PNG_SIGNATURE)) problems.push(`picture ${i}: not a PNG`);
      else if (p.length > ARTICLE_IMAGE_MAX_BYTES) problems.push(`picture ${i}: ${p.length} bytes, WeChat takes article images under 1 MB`);
    }
    if (input.pictures.length === 0 && !input.cover) problems.push('pictures: an article needs at least a cover picture');
    if (problems.length > 0) throw new AppError('INVALID_INPUT', `文章不能发布：${problems.join('; ')}`);
  }

  /** One WeChat call of a step; its failure (an errcode, or the network) becomes that step's failure. */
  private async step<T>(step: PublicationStep, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof WechatApiError) throw new StepFailed(step, `WeChat ${err.path} errcode ${err.errcode} (${err.errmsg})`);
      throw new StepFailed(step, err instanceof Error ? err.message : String(err));
    }
  }
}

/** The article's HTML with its pictures as WeChat-hosted images, full width. */
export function articleHtml(html: string, pictures: readonly ArticlePicture[], urls: readonly string[]): string {
  const img = (i: number) =>
    `<p style="text-align:center;margin:16px 0;"><img src="${escapeXml(urls[i] ?? '')}" alt="${escapeXml(pictures[i]?.alt ?? '')}" style="width:100%;height:auto;" /></p>`;
  const placed = new Set<number>();
  const body = html.replace(/\{\{picture:(\d+)\}\}/g, (whole, n: string) => {
    const i = Number(n);
    if (i >= urls.length) return '';
    placed.add(i);
    return img(i);
  });
  const rest = urls.map((_, i) => i).filter((i) => !placed.has(i));
  return body + rest.map(img).join('');
}
