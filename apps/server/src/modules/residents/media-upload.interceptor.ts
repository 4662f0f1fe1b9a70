import { BadRequestException, Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finalize, type Observable } from 'rxjs';
import type { ResidentPrincipal } from '../../common/auth/principal';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { receiveUpload, type ReceivedFile } from '../media/streamed-upload';
import { MAX_UPLOAD_BYTES } from '../media/upload-type';
import { ResidentsService } from './residents.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A resident's voice or video, streamed to disk (never held in memory). Runs after the auth
 * guard, so nobody uploads without a token; before the file's first byte it checks the case is
 * theirs and open and has room for one more of that kind (counting uploads in flight).
 * Sets req.body (the fields) and req.file ({ path, size }); the temporary file goes afterwards
 * unless the service moved it into the store.
 */
@Injectable()
export class ResidentMediaUploadInterceptor implements NestInterceptor {
  constructor(
    private readonly residents: ResidentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<Request & { resident: ResidentPrincipal; file?: ReceivedFile }>();
    const caseId = String(req.params.id);
    if (!UUID.test(caseId)) throw new BadRequestException('malformed identifier');
    const releases: Array<() => void> = [];
    let received: ReceivedFile | null = null;
    try {
      const upload = await receiveUpload(req, {
        dir: join(this.config.mediaDir, '.incoming'),
        fileField: 'file',
        maxBytes: MAX_UPLOAD_BYTES,
        admit: async (fields) => {
          const slot = await this.residents.admitUpload(req.resident, caseId, fields.kind);
          releases.push(slot.release);
          return slot;
        },
      });
      received = upload.file;
      req.body = upload.fields;
      if (upload.file) req.file = upload.file;
    } catch (err) {
      for (const release of releases) release();
      throw err;
    }
    const file = received;
    return next.handle().pipe(
      finalize(() => {
        for (const release of releases) release();
        if (file) void rm(file.path, { force: true });
      }),
    );
  }
}
