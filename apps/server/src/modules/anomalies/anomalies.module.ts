import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { AnomaliesController } from './anomalies.controller';
import { AnomaliesService } from './anomalies.service';
import { AnomalyFlagEntity } from './anomaly-flag.entity';

/** 异常线索: flags raised from the timeline, reviewed by inspectors. */
@Module({
  imports: [TypeOrmModule.forFeature([AnomalyFlagEntity]), TaxonomyModule],
  controllers: [AnomaliesController],
  providers: [AnomaliesService],
  exports: [AnomaliesService],
})
export class AnomaliesModule {}
