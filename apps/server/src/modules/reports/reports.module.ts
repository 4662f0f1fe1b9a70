import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** 日调度、周会商、月考评: reads the indicators, the list, the cases and the warnings; writes nothing. */
@Module({ imports: [IndicatorsModule], controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
