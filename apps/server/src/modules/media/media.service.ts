import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import { MediaTooLargeError, WechatApiClient, WechatApiError } from '@msz/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import type { StatementParams } from '../../common/database/one-statement';
import { backoffSeconds, claimDue, PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AttachmentEntity, type AttachmentKind } from './attachment.entity';
import { MEDIA_STORAGE, type MediaStorage } from './media-storage';

/** WeChat deletes temporary media after 3 days; retrying longer than that is pointless. */
const MAX_ATTEMPTS = 12;
/** 40007: the media id is unknown or has expired — it will never come back. */
const GONE_ERRCODES = new Set([40007]);

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'audio/amr': 'amr',
  'audio/speex': 'speex',
  'audio/mpeg': 'mp3',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
};

/** Records residents' media with their case and downloads it in the background, never in the reply path. */
@Injectable()
export class MediaService extends PollingWorker {
  protected readonly logger = new Logger('Media');

  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatApiClient,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(config.workerPollMs);
  }

  /**
   * A photo, recording or video from the chat, kept with the case in the statement that writes the
   * case's step (a CTE; `caseCte` names the one returning the case's id): pending, so a worker
   * downloads it after the reply has gone.
   */
  attachSql(p: StatementParams, caseCte: string, kind: AttachmentKind, mediaId: string, recognition: string | null): string {
    return `attachment AS (
        INSERT INTO case_attachment (case_id, kind, media_id, recognition, status)
        SELECT id, ${p.of(kind)}, ${p.of(mediaId)}, ${p.of(recognition)}, 'pending' FROM ${caseCte})`;
  }

  /**
   * Media uploaded through the API — a handler's evidence photo (现场照片), or a resident's photo,
   * voice or video from the mini-program: stored at once, no WeChat involved. The caller has
   * checked the content type against the bytes.
   */
  async storeUpload(
    manager: EntityManager,
    caseId: string,
    data: Buffer | { path: string; size: number },
    contentType: string,
    by: { source: 'staff' | 'resident'; staffId: string | null },
    opts: { kind?: AttachmentKind; durationMs?: number | null } = {},
  ): Promise<AttachmentEntity> {
    const repo = manager.getRepository(AttachmentEntity);
    const row = await repo.save(
      repo.create({ caseId, kind: opts.kind ?? 'image', source: by.source, uploadedBy: by.staffId, mediaId: null, durationMs: opts.durationMs ?? null, status: 'pending' }),
    );
    const key = `${caseId}/${row.id}.${EXTENSIONS[contentType] ?? 'bin'}`;
    if (Buffer.isBuffer(data)) await this.storage.put(key, data);
    else await this.storage.putFile(key, data.path);
    const sizeBytes = Buffer.isBuffer(data) ? data.length : data.size;
    return repo.save({ ...row, status: 'stored', storageKey: key, contentType, sizeBytes, storedAt: new Date() });
  }

  /**
   * A photo another module keeps its own record of (a bench meeting's, an idea milestone's): stored
   * in the same media store under `prefix/id`, typed by the caller from its bytes. Returns the key.
   */
  async storeFile(prefix: string, id: string, data: Buffer, contentType: string): Promise<string> {
    const key = `${prefix}/${id}.${EXTENSIONS[contentType] ?? 'bin'}`;
    await this.storage.put(key, data);
    return key;
  }

  /** A file stored with storeFile, as a download with the same protective headers as attachments. */
  openFile(key: string, contentType: string, sizeBytes: number, id: string): StreamableFile {
    const inline = /^image\/(jpeg|png|gif)$/.test(contentType);
    return new StreamableFile(this.storage.open(key), {
      type: contentType,
      length: sizeBytes,
      disposition: `${inline ? 'inline' : 'attachment'}; filename="${id}.${EXTENSIONS[contentType] ?? 'bin'}"`,
    });
  }

  listForCase(caseId: string): Promise<AttachmentEntity[]> {
    return this.ds.getRepository(AttachmentEntity).find({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  /** A stored attachment as a file download: streamed, with headers that keep a browser from guessing or rendering it as a page. */
  async read(caseId: string, attachmentId: string): Promise<StreamableFile | null> {
    const attachment = await this.ds.getRepository(AttachmentEntity).findOneBy({ id: attachmentId, caseId, status: 'stored' });
    if (!attachment?.storageKey) return null;
    const type = attachment.contentType ?? 'application/octet-stream';
    // Only media we typed ourselves is shown inline; the name is ours, never the uploader's.
    const inline = /^(image\/(jpeg|png|gif)|audio\/|video\/)/.test(type);
    const filename = `${attachment.id}.${EXTENSIONS[type.split(';')[0].trim()] ?? 'bin'}`;
    return new StreamableFile(this.storage.open(attachment.storageKey), {
      type,
      length: attachment.sizeBytes ?? undefined,
      disposition: `${inline ? 'inline' : 'attachment'}; filename="${filename}"`,
    });
  }

  protected async runDue(): Promise<number> {
    let stored = 0;
    for (;;) {
      const rows = await claimDue<{ id: string; case_id: string; kind: AttachmentKind; media_id: string; attempts: number }>(this.ds, 'case_attachment', {
        limit: 3, // each download may take up to a minute: three fit in the lease
        leaseSeconds: 300,
        returning: 'id, case_id, kind, media_id, attempts',
      });
      if (rows.length === 0) return stored;
      for (const row of rows) {
        if (await this.download(row)) stored += 1;
      }
    }
  }

  private async download(row: { id: string; case_id: string; kind: AttachmentKind; media_id: string; attempts: number }): Promise<boolean> {
    try {
      const media = await this.wechat.getMedia(row.media_id);
      const ext = EXTENSIONS[media.contentType.split(';')[0].trim()] ?? 'bin';
      const key = `${row.case_id}/${row.id}.${ext}`;
      await this.storage.put(key, media.data);
      await this.ds.query(
        `UPDATE case_attachment SET status = 'stored', storage_key = $2, content_type = $3, size_bytes = $4,
           stored_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1 AND status = 'pending'`,
        [row.id, key, media.contentType.slice(0, 100), media.data.length],
      );
      return true;
    } catch (err) {
      // Gone from WeChat, or too large to keep: retrying cannot help.
      const gone = (err instanceof WechatApiError && GONE_ERRCODES.has(err.errcode)) || err instanceof MediaTooLargeError;
      const failed = gone || row.attempts >= MAX_ATTEMPTS;
      const reason = err instanceof WechatApiError ? `${err.errcode} ${err.errmsg}` : (err as Error).message;
      await this.ds.query(
        `UPDATE case_attachment SET status = $2, last_error = $3, locked_until = NULL,
           next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1 AND status = 'pending'`,
        [row.id, failed ? 'failed' : 'pending', reason.slice(0, 500), backoffSeconds(row.attempts)],
      );
      this.logger.warn(`attachment ${row.id} ${failed ? 'could not be saved' : 'will be retried'}: ${reason}`);
      return false;
    }
  }
}
