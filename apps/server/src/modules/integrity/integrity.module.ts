import { Module } from '@nestjs/common';
import { IntegrityController, PublicIntegrityController } from './integrity.controller';
import { TimelineAnchorsService } from './timeline-anchors.service';

/** 防篡改: daily anchors of the timeline's hash chains, and the audit that recomputes them. */
@Module({
  controllers: [IntegrityController, PublicIntegrityController],
  providers: [TimelineAnchorsService],
  exports: [TimelineAnchorsService],
})
export class IntegrityModule {}
