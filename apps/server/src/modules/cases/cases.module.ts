import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MediaModule } from '../media/media.module';
import { PlacesService } from '../units/places.service';
import { CaseCoUnitEntity } from './case-co-unit.entity';
import { CaseEvents } from './case-events';
import { CaseListPins } from './case-list-pins';
import { CaseSchedule } from './case-schedule';
import { CaseQueriesService } from './case-queries.service';
import { CaseNumbersService } from './case-numbers.service';
import { CaseEntity } from './case.entity';
import { CaseRepository } from './case.repository';
import { CasesController, PublicCasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { TimelineEntryEntity } from './timeline-entry.entity';
import { NextDueSubscriber } from './next-due.subscriber';

/**
 * The case and its rules' one writer. Features that react to a case (notifications, quality,
 * escalations) import this module and register with CaseEvents; this module imports none of them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CaseEntity, TimelineEntryEntity, CaseCoUnitEntity]), MediaModule],
  controllers: [CasesController, PublicCasesController],
  providers: [CasesService, CaseQueriesService, CaseNumbersService, CaseRepository, CaseEvents, CaseListPins, CaseSchedule, PlacesService, NextDueSubscriber],
  exports: [CasesService, CaseQueriesService, CaseEvents, CaseListPins, CaseSchedule, PlacesService],
})
export class CasesModule {}
