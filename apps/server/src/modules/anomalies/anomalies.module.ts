import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { AnomaliesController } from './anomalies.controller';
import { AnomaliesService } from './anomalies.service';
import { AnomalyFlagEntity } from './anomaly-flag.entity';
import { OfficeSampleController } from './office-sample.controller';
import { OfficeSampleService } from './office-sample.service';

/** 异常线索: flags raised from the timeline and the office's sample calls, reviewed by inspectors. */
@Module({
  imports: [TypeOrmModule.forFeature([AnomalyFlagEntity]), TaxonomyModule],
  controllers: [AnomaliesController, OfficeSampleController],
  providers: [AnomaliesService, OfficeSampleService],
  exports: [AnomaliesService, OfficeSampleService],
})
export class AnomaliesModule {}
