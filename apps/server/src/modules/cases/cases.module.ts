import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CaseNumbersService } from './case-numbers.service';
import { CasesController, PublicCasesController } from './cases.controller';
import { PlacesService } from '../units/places.service';
import { CaseQueriesService } from './case-queries.service';
import { CasesService } from './cases.service';
import { NextDueSubscriber } from './next-due.subscriber';

@Module({
  imports: [NotificationsModule, MediaModule],
  controllers: [CasesController, PublicCasesController],
  providers: [CasesService, CaseQueriesService, CaseNumbersService, PlacesService, NextDueSubscriber],
  exports: [CasesService, CaseQueriesService, PlacesService],
})
export class CasesModule {}
