import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnomaliesModule } from '../anomalies/anomalies.module';
import { CasesModule } from '../cases/cases.module';
import { IntegrityModule } from '../integrity/integrity.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PublicationModule } from '../publication/publication.module';
import { IndicatorBrokenCaseEntity, IndicatorCaseEntity, IndicatorDailyEntity, IndicatorWatermarkEntity, LeagueEntryEntity, LeagueWeekEntity } from './indicator.entities';
import { IndicatorRollup } from './indicator-rollup.service';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsService } from './indicators.service';
import { LeaguePublicationService } from './league-publication.service';
import { LeagueService } from './league.service';

/**
 * Indicators and the 红黑榜: reads the case tables (never writes them) into its own rollups.
 * Depends on cases (and publication, notifications to publish the list, integrity for the week's
 * timeline anchors published with it, anomalies for the findings inspectors confirmed); cases knows nothing of it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IndicatorDailyEntity, IndicatorCaseEntity, IndicatorWatermarkEntity, LeagueWeekEntity, LeagueEntryEntity, IndicatorBrokenCaseEntity]), CasesModule, PublicationModule, NotificationsModule, IntegrityModule, AnomaliesModule],
  controllers: [IndicatorsController],
  providers: [IndicatorRollup, IndicatorsService, LeagueService, LeaguePublicationService],
  exports: [IndicatorRollup, IndicatorsService, LeagueService],
})
export class IndicatorsModule {}
