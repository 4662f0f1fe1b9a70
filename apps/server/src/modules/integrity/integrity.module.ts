import { Module } from '@nestjs/common';
import { TimelineAnchorsService } from './timeline-anchors.service';

/** 防篡改: daily anchors of the timeline's hash chains, and the audit that recomputes them. */
@Module({
  providers: [TimelineAnchorsService],
  exports: [TimelineAnchorsService],
})
export class IntegrityModule {}
