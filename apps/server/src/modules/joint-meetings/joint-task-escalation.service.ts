import { Inject, Injectable, Logger } from '@nestjs/common';
import { PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { JointMeetingsService } from './joint-meetings.service';

/** 超期督办 of joint meetings' tasks: a pass claims only the tasks whose last day has passed. */
@Injectable()
export class JointTaskEscalation extends PollingWorker {
  protected readonly logger = new Logger('JointTaskEscalation');

  constructor(
    private readonly meetings: JointMeetingsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Deadlines are days: a look every minute is plenty.
    super(config.workerPollMs > 0 ? 60_000 : 0);
  }

  /** One pass at `now` (tests pass a later instant instead of waiting for the calendar). */
  runAt(now: Date): Promise<number> {
    return this.meetings.escalateDue(now);
  }

  protected runDue(): Promise<number> {
    return this.runAt(new Date());
  }
}
